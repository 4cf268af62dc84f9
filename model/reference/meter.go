package reference

import "gonum.org/v1/gonum/mat"

// Term is the part of a layer's cost a product belongs to, in the words of model.Counts.
type Term string

// The terms a layer's FLOPs are measured in.
const (
	// AttentionCore is the QK and PV products against the cache (and, for linear attention,
	// the work on the state).
	AttentionCore Term = "attention core"
	// AttentionLinear is every attention projection before and after the core.
	AttentionLinear Term = "attention linear"
	// FFN is the SwiGLU experts' products (dense FFN, routed and shared experts).
	FFN Term = "ffn"
	// Router is the MoE gate, x·W_router.
	Router Term = "router"
	// Indexer is DeepSeek Sparse Attention's lightning indexer: its scores against every
	// cached index key and their weighting (model.Counts.IndexerFLOPs).
	Indexer Term = "indexer"
)

// Meter counts what a decode step does: FLOPs per term and per named product, weight elements
// read, cache elements read and written, state elements read and written. The zero value is
// ready to use.
type Meter struct {
	// FLOPs are the FLOPs of each term.
	FLOPs map[Term]float64
	// FLOPsByName are the FLOPs of each named product, e.g. "q_proj", "QK", "PV".
	FLOPsByName map[string]float64
	// WeightElementsRead is the number of weights read (each weight matrix once per product).
	WeightElementsRead float64
	// CacheElementsRead and CacheElementsWritten count the per-token KV cache.
	CacheElementsRead, CacheElementsWritten float64
	// StateElementsRead and StateElementsWritten count a linear-attention state.
	StateElementsRead, StateElementsWritten float64
	// IndexElementsRead and IndexElementsWritten count a lightning indexer's cached index key
	// elements (FP8 in model.IndexKeyFormat), IndexScalesRead and IndexScalesWritten their
	// scales (one per model.IndexScaleBlock elements of a key, FP32).
	IndexElementsRead, IndexElementsWritten float64
	IndexScalesRead, IndexScalesWritten     float64
	// ConvStateElementsRead and ConvStateElementsWritten count Gated DeltaNet's convolution
	// state (model.ConvStateFormat).
	ConvStateElementsRead, ConvStateElementsWritten float64
}

func (m *Meter) addFLOPs(term Term, name string, flops float64) {
	if m.FLOPs == nil {
		m.FLOPs = map[Term]float64{}
		m.FLOPsByName = map[string]float64{}
	}
	m.FLOPs[term] += flops
	m.FLOPsByName[name] += flops
}

// Product returns a·b for two activations (neither is a weight), counting 2·m·k·n FLOPs.
func (m *Meter) Product(term Term, name string, a, b mat.Matrix) *mat.Dense {
	rows, inner := a.Dims()
	_, cols := b.Dims()
	m.addFLOPs(term, name, 2*float64(rows)*float64(inner)*float64(cols))
	var out mat.Dense
	out.Mul(a, b)
	return &out
}

// Project returns x·w for activations x (one row per token) and a weight matrix w (in×out),
// counting 2·rows·in·out FLOPs and in·out weights read.
func (m *Meter) Project(term Term, name string, x, w mat.Matrix) *mat.Dense {
	in, out := w.Dims()
	m.WeightElementsRead += float64(in) * float64(out)
	return m.Product(term, name, x, w)
}

// RankOneUpdate sets s ← s + kᵀ·v for row vectors k (1×dk) and v (1×dv), counting one
// multiply-add (2 FLOPs) per element of s.
func (m *Meter) RankOneUpdate(term Term, name string, s *mat.Dense, k, v mat.Vector) {
	r, c := s.Dims()
	m.addFLOPs(term, name, 2*float64(r)*float64(c))
	s.RankOne(s, 1, k, v)
}

// ScaleState sets s ← λ·s, counting one multiply per element.
func (m *Meter) ScaleState(term Term, name string, lambda float64, s *mat.Dense) {
	r, c := s.Dims()
	m.addFLOPs(term, name, float64(r)*float64(c))
	s.Scale(lambda, s)
}

// DepthwiseConv is one step of a causal depthwise convolution of len(x) channels with the
// kernel w (channels×K): out_c = Σ_i w_c,i·window_i,c over the window of the K−1 rows of
// state then x. It counts one multiply-add per tap and channel (2·K·channels FLOPs) and the
// channels·K weights read; the state is not touched (the caller reads and shifts it).
func (m *Meter) DepthwiseConv(term Term, name string, state [][]float64, x []float64, w *mat.Dense) []float64 {
	channels, k := w.Dims()
	m.WeightElementsRead += float64(channels * k)
	m.addFLOPs(term, name, 2*float64(channels)*float64(k))
	window := append(append([][]float64(nil), state...), x)
	out := make([]float64, channels)
	for c := 0; c < channels; c++ {
		for i := 0; i < k; i++ {
			out[c] += w.At(c, i) * window[i][c]
		}
	}
	return out
}

// Total is the FLOPs of all terms.
func (m *Meter) Total() float64 {
	var t float64
	for _, f := range m.FLOPs {
		t += f
	}
	return t
}
