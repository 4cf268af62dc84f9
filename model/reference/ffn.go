package reference

import (
	"sort"

	"gonum.org/v1/gonum/mat"
)

// SwiGLUWeights are one SwiGLU MLP (a dense FFN or one expert) of width I: gate_proj and
// up_proj H×I, down_proj I×H — 3·H·I weights.
type SwiGLUWeights struct {
	Gate, Up, Down *mat.Dense
}

// SwiGLU is the gated MLP (Shazeer 2020): out = (SiLU(x·W_gate) ⊙ x·W_up)·W_down.
func SwiGLU(m *Meter, w SwiGLUWeights, x *mat.Dense) *mat.Dense {
	gate := m.Project(FFN, "gate_proj", x, w.Gate)
	up := m.Project(FFN, "up_proj", x, w.Up)
	_, width := gate.Dims()
	h := mat.NewDense(1, width, nil)
	for i := 0; i < width; i++ {
		h.Set(0, i, silu(gate.At(0, i))*up.At(0, i))
	}
	return m.Project(FFN, "down_proj", h, w.Down)
}

// MoEWeights are a mixture of SwiGLU experts: the router H×E, the E routed experts, the
// shared experts, and how many routed experts a token uses.
type MoEWeights struct {
	Router *mat.Dense
	Routed []SwiGLUWeights
	Shared []SwiGLUWeights
	TopK   int
}

// MoE is a mixture-of-experts FFN with top-k routing and shared experts:
//
//	p = softmax(x·W_router), T = the TopK experts of largest p, g_e = p_e / Σ_{e'∈T} p_e'
//	out = Σ_{e∈T} g_e·E_e(x) + Σ_s S_s(x)
//
// Only the selected experts run (and have their weights read).
func MoE(m *Meter, w MoEWeights, x *mat.Dense) *mat.Dense {
	logits := m.Project(Router, "router", x, w.Router)
	p := softmax(logits.RawRowView(0), 1)
	chosen := topK(p, w.TopK)
	var total float64
	for _, e := range chosen {
		total += p[e]
	}
	_, hidden := x.Dims()
	out := mat.NewDense(1, hidden, nil)
	for _, e := range chosen {
		var weighted mat.Dense
		weighted.Scale(p[e]/total, SwiGLU(m, w.Routed[e], x))
		out.Add(out, &weighted)
	}
	for _, s := range w.Shared {
		out.Add(out, SwiGLU(m, s, x))
	}
	return out
}

// topK returns the indices of the k largest values, largest first (the lower index first on
// a tie).
func topK(p []float64, k int) []int {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
	return idx[:k]
}
