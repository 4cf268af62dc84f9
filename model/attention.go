package model

import (
	"fmt"

	"github.com/decost/decost/precision"
)

// AttentionKind names an attention mechanism.
type AttentionKind string

const (
	// GQA is grouped-query attention: Heads query heads share KVHeads key/value heads of
	// HeadDim each. MHA (KVHeads == Heads) and MQA (KVHeads == 1) are its cases.
	GQA AttentionKind = "gqa"
	// MFA is Step-3's multi-matrix factorization attention: a low-rank query
	// (H → QueryRank → Heads·HeadDim) and one key head and one value head of HeadDim,
	// shared by all query heads.
	MFA AttentionKind = "mfa"
	// MLA is DeepSeek's multi-head latent attention: one cached latent of KVRank+RopeDim
	// elements per token, shared by keys and values, counted in the weight-absorbed form for
	// the core and the naive form for the projections.
	MLA AttentionKind = "mla"
	// MLADSA is MLA with DeepSeek Sparse Attention (DeepSeek-V3.2, GLM-5.2): a lightning
	// indexer of IndexHeads heads of IndexHeadDim scores every cached token against one FP8
	// index key per token, and the MLA core attends only the IndexTopK best, min(C,
	// IndexTopK) latents. A layer with IndexShared reuses the top-k of an earlier layer: no
	// indexer of its own and no index keys.
	MLADSA AttentionKind = "mla-dsa"
	// Linear is MiniMax's Lightning linear attention: a fixed per-layer state of
	// Heads·HeadDim·ValueDim elements (FP32) read and written each step, updated by
	// S ← λ·S + kᵀv and read out as q·S; no per-token cache.
	Linear AttentionKind = "linear"
	// GatedDeltaNet is Gated DeltaNet linear attention (Qwen3-Next, Qwen3.5): a short causal
	// depthwise convolution of ConvKernel taps over q, k and v, then per value head the gated
	// delta rule S ← e^g·S, S ← S + β·k(v − kᵀS)ᵀ, o = qᵀS on a Heads·HeadDim·ValueDim FP32
	// state; Heads value heads share KVHeads query/key heads.
	GatedDeltaNet AttentionKind = "gdn"
)

// The lightning indexer's key cache (DeepSeek-V3.2's fp8_index kernel): index keys are stored
// in FP8 with one FP32 scale per IndexScaleBlock elements, whatever format the layer's KV
// cache uses.
const (
	// IndexKeyFormat is the format of a cached index key element.
	IndexKeyFormat = precision.FP8
	// IndexScaleBlock is the number of index key elements that share one scale.
	IndexScaleBlock = 128
	// IndexScaleBytes is the size of one index key scale (FP32), in bytes.
	IndexScaleBytes = 4
)

// ConvStateFormat is the format of Gated DeltaNet's convolution state (the last ConvKernel−1
// inputs of every channel): BF16, the activation format, as vLLM and SGLang keep it; the
// recurrent state is in the layer's State format (FP32).
const ConvStateFormat = precision.BF16

// Per-element FLOPs of the recurrent state step of one decoded token (2 FLOPs per
// multiply-add, 1 per multiply), the one convention of the analytic counts and the reference
// pass:
//
//	Lightning:     decay λ·S (1) + rank-one kᵀv (2) + read-out q·S (2)                 = 5
//	Gated DeltaNet: decay e^g·S (1) + kᵀS (2) + rank-one k·δᵀ (2) + read-out qᵀS (2)   = 7
//
// δ = β·(v − kᵀS) is elementwise on a d_v vector per head and, like every elementwise
// operation, is not counted.
const (
	LightningFLOPsPerStateElement     = 5
	GatedDeltaNetFLOPsPerStateElement = 7
)

// Attention is the attention block of one layer. Which fields matter depends on Kind; the
// others are zero.
type Attention struct {
	// Kind is the attention mechanism; it says which of the fields below are read.
	Kind AttentionKind `json:"kind"`
	// Heads is the number of query heads (GQA, MFA, MLA), or of state heads (Linear).
	Heads int `json:"heads"`
	// KVHeads is the number of key/value heads (GQA; 1 for MFA). For Linear it is the number
	// of query/key heads, which may be fewer than the state heads (Gated DeltaNet); 0 means
	// Heads.
	KVHeads int `json:"kv_heads,omitempty"`
	// HeadDim is the per-head width of queries, keys and values (GQA, MFA), or of keys
	// (Linear).
	HeadDim int `json:"head_dim,omitempty"`
	// QueryRank is the rank of the low-rank query: MFA's r, MLA's q_lora_rank. Zero in MLA
	// means a full-rank query projection.
	QueryRank int `json:"query_rank,omitempty"`
	// KVRank is MLA's kv_lora_rank c, the width of the cached latent without its RoPE part.
	KVRank int `json:"kv_rank,omitempty"`
	// RopeDim is MLA's decoupled RoPE width p, cached next to the latent.
	RopeDim int `json:"rope_dim,omitempty"`
	// NopeDim is MLA's per-head query/key width without RoPE, d_n.
	NopeDim int `json:"nope_dim,omitempty"`
	// ValueDim is MLA's per-head value width d_v, or Linear's value width (0 means HeadDim).
	ValueDim int `json:"value_dim,omitempty"`
	// QKNorm says each query and key head is RMS-normalised before RoPE (Qwen3, Qwen3-Next's
	// gated attention, GLM-4.5, MiniMax-M2: config.json use_qk_norm, or the architecture
	// itself): two small kernels per layer in a decode step; their weights are not counted.
	QKNorm bool `json:"qk_norm,omitempty"`
	// Window is the sliding or chunked attention window in tokens; 0 means global attention.
	// A windowed layer attends to (and caches) at most Window tokens.
	Window int `json:"window,omitempty"`
	// Chunked says the window is a fixed chunk (Llama 4) rather than a sliding window
	// (gpt-oss). Both cost min(C, Window) per decoded token; the flag only names the layer.
	Chunked bool `json:"chunked,omitempty"`
	// OutputGate says a GQA layer gates its output with a sigmoid of a second query-sized
	// projection (Qwen3-Next, Qwen3.5 attn_output_gate): q_proj is H×2·Heads·HeadDim.
	OutputGate bool `json:"output_gate,omitempty"`
	// IndexHeads, IndexHeadDim and IndexTopK are DeepSeek Sparse Attention's lightning
	// indexer (MLADSA): index_n_heads query heads of index_head_dim against one cached index
	// key of IndexHeadDim per token, and the index_topk tokens the core attends.
	IndexHeads   int `json:"index_heads,omitempty"`
	IndexHeadDim int `json:"index_head_dim,omitempty"`
	IndexTopK    int `json:"index_topk,omitempty"`
	// IndexShared says an MLADSA layer reuses the top-k chosen by an earlier layer's indexer
	// (GLM-5.2's "shared" indexer_types): it has no indexer weights, computes no scores and
	// caches no index keys. IndexHeads and IndexHeadDim are 0.
	IndexShared bool `json:"index_shared,omitempty"`
	// ConvKernel is Gated DeltaNet's short convolution width (linear_conv_kernel_dim).
	ConvKernel int `json:"conv_kernel,omitempty"`
}

// Projection is one weight matrix of a layer: In×Out weights, applied to a token's
// In-wide activation to produce Out outputs (2·In·Out FLOPs per token).
type Projection struct {
	// Name is the matrix's name in the model's own code (q_proj, kv_b_proj, …).
	Name string `json:"name"`
	// In is the input width (rows of the weight), Out the output width (columns), in
	// elements.
	In  int `json:"in"`
	Out int `json:"out"`
}

// Weights returns In·Out, the number of weights of the matrix.
func (p Projection) Weights() float64 { return float64(p.In) * float64(p.Out) }

// KVHeadCount is the number of key/value heads (GQA, MFA) or query/key heads (Linear):
// KVHeads, or Heads when KVHeads is 0.
func (a Attention) KVHeadCount() int {
	if a.KVHeads == 0 {
		return a.Heads
	}
	return a.KVHeads
}

// ValueHeadDim is the per-head value width: ValueDim, or HeadDim when ValueDim is 0.
func (a Attention) ValueHeadDim() int {
	if a.ValueDim == 0 {
		return a.HeadDim
	}
	return a.ValueDim
}

// Recurrent says the attention keeps a fixed state instead of a per-token cache (Linear,
// GatedDeltaNet).
func (a Attention) Recurrent() bool { return a.Kind == Linear || a.Kind == GatedDeltaNet }

// HasIndexer says the layer runs a lightning indexer of its own (MLADSA, not IndexShared).
func (a Attention) HasIndexer() bool { return a.Kind == MLADSA && !a.IndexShared }

// WithSharedIndex returns the MLADSA attention a as a layer that reuses an earlier layer's
// top-k (GLM-5.2's "shared" indexer_types): IndexShared, and no indexer heads of its own.
func (a Attention) WithSharedIndex() Attention {
	a.IndexShared, a.IndexHeads, a.IndexHeadDim = true, 0, 0
	return a
}

// AttendedTokens is the number of cached tokens the attention core of one decoded token
// reads at context C: min(C, Window) for a windowed layer, min(C, IndexTopK) for MLADSA, C
// otherwise.
func (a Attention) AttendedTokens(context int) int {
	if a.Window > 0 && context > a.Window {
		return a.Window
	}
	if a.Kind == MLADSA && context > a.IndexTopK {
		return a.IndexTopK
	}
	return context
}

// IndexedTokens is the number of cached index keys the lightning indexer of one decoded
// token scores at context C: C for an MLADSA layer with its own indexer, 0 otherwise.
func (a Attention) IndexedTokens(context int) int {
	if a.HasIndexer() {
		return context
	}
	return 0
}

// CachedElementsPerToken is the number of elements one layer caches for each token of
// context in its cache format: 2·KVHeads·HeadDim for GQA and MFA (keys and values),
// KVRank+RopeDim for MLA and MLADSA (one latent shared by keys and values), 0 for the
// recurrent kinds (whose state does not grow with C). MLADSA's index keys are in their own
// format: IndexKeyBytesPerToken.
func (a Attention) CachedElementsPerToken() float64 {
	switch a.Kind {
	case GQA, MFA:
		return 2 * float64(a.KVHeadCount()) * float64(a.HeadDim)
	case MLA, MLADSA:
		return float64(a.KVRank + a.RopeDim)
	}
	return 0
}

// IndexKeyBytesPerToken is the bytes of index key an MLADSA layer with its own indexer
// caches per token of context: IndexHeadDim FP8 elements plus one FP32 scale per
// IndexScaleBlock of them (DeepSeek-V3.2: 128 + 4 = 132). 0 for every other layer.
func (a Attention) IndexKeyBytesPerToken() float64 {
	if !a.HasIndexer() {
		return 0
	}
	scales := (a.IndexHeadDim + IndexScaleBlock - 1) / IndexScaleBlock
	return float64(a.IndexHeadDim)*IndexKeyFormat.Bytes() + float64(scales)*IndexScaleBytes
}

// StateElements is the size of a recurrent layer's fixed state in elements,
// Heads·HeadDim·ValueDim (one HeadDim×ValueDim matrix per value head); 0 for the other kinds.
func (a Attention) StateElements() float64 {
	if !a.Recurrent() {
		return 0
	}
	return float64(a.Heads) * float64(a.HeadDim) * float64(a.ValueHeadDim())
}

// ConvChannels is the number of channels of Gated DeltaNet's short convolution: q, k and v,
// 2·KVHeads·HeadDim + Heads·ValueDim (the output gate z is not convolved); 0 for other kinds.
func (a Attention) ConvChannels() float64 {
	if a.Kind != GatedDeltaNet {
		return 0
	}
	return 2*float64(a.KVHeadCount())*float64(a.HeadDim) + float64(a.Heads)*float64(a.ValueHeadDim())
}

// ConvStateElements is the size of Gated DeltaNet's convolution state in elements: the last
// ConvKernel−1 inputs of every channel, ConvChannels·(ConvKernel−1), kept in
// ConvStateFormat. 0 for other kinds.
func (a Attention) ConvStateElements() float64 {
	if a.Kind != GatedDeltaNet || a.ConvKernel < 1 {
		return 0
	}
	return a.ConvChannels() * float64(a.ConvKernel-1)
}

// ConvWeights is the number of weights of Gated DeltaNet's depthwise convolution,
// ConvChannels·ConvKernel (no bias); 0 for other kinds.
func (a Attention) ConvWeights() float64 {
	return a.ConvChannels() * float64(a.ConvKernel)
}

// CoreFLOPsPerToken is the attention core's FLOPs for one decoded token at context C
// (docs/design.md §counting), with C' = AttendedTokens(C):
//
//   - GQA, MFA: 4·Heads·HeadDim·C' (QK and PV, 2 FLOPs per multiply-add);
//   - MLA, MLADSA: 4·Heads·(KVRank+RopeDim)·C' (absorbed form: QK and PV both at the latent
//     width; for MLADSA C' = min(C, IndexTopK), the sparse core);
//   - Linear (Lightning): 5·Heads·HeadDim·ValueDim, whatever C
//     (LightningFLOPsPerStateElement);
//   - GatedDeltaNet: 7·Heads·HeadDim·ValueDim (GatedDeltaNetFLOPsPerStateElement) plus the
//     short convolution's 2·ConvKernel·ConvChannels, whatever C.
//
// The lightning indexer is not part of the core: IndexerFLOPsPerToken.
func (a Attention) CoreFLOPsPerToken(context int) float64 {
	return a.coreFLOPs(a.AttendedTokens(context))
}

// coreFLOPs is the core's FLOPs when it reads attended cached tokens.
func (a Attention) coreFLOPs(attended int) float64 {
	c := float64(attended)
	switch a.Kind {
	case GQA, MFA:
		return 4 * float64(a.Heads) * float64(a.HeadDim) * c
	case MLA, MLADSA:
		return 4 * float64(a.Heads) * float64(a.KVRank+a.RopeDim) * c
	case Linear:
		return LightningFLOPsPerStateElement * a.StateElements()
	case GatedDeltaNet:
		return GatedDeltaNetFLOPsPerStateElement*a.StateElements() + a.ConvFLOPsPerToken()
	}
	return 0
}

// ConvFLOPsPerToken is the part of a Gated DeltaNet core that is its short convolution,
// 2·ConvKernel·ConvChannels (one multiply-add per tap and channel); 0 for other kinds.
func (a Attention) ConvFLOPsPerToken() float64 {
	return 2 * float64(a.ConvKernel) * a.ConvChannels()
}

// IndexerFLOPsPerToken is the lightning indexer's FLOPs for one decoded token at context C
// (MLADSA with its own indexer; 0 otherwise), term by term with n_I = IndexHeads,
// d_I = IndexHeadDim and C scored tokens:
//
//	scores    q_I·K_Iᵀ per index head against every cached index key   2·n_I·d_I·C
//	weighting Σ_h w_h·ReLU(score_h,j), the per-head weights applied     2·n_I·C
//	top-k     selecting min(C, IndexTopK) of the C scores: comparisons  0
//
// 2·n_I·(d_I+1)·C in all (DeepSeek-V3.2: 2·64·129·C = 16,512·C per layer). The indexer's
// projections (its query from the query latent, its key, its head weights) are attention
// projections (Projections); the ReLU, the per-token FP32 key scale and the Hadamard
// rotation of q and k are elementwise and not counted.
func (a Attention) IndexerFLOPsPerToken(context int) float64 {
	return a.indexerFLOPs(a.IndexedTokens(context))
}

func (a Attention) indexerFLOPs(indexed int) float64 {
	if !a.HasIndexer() {
		return 0
	}
	return 2 * float64(a.IndexHeads) * float64(a.IndexHeadDim+1) * float64(indexed)
}

// Projections lists the layer's attention weight matrices for a model of hidden size
// hidden, in the order a token meets them. MLA's kv_b_proj is listed as an ordinary matrix
// (no weight absorption), as the report counts it.
func (a Attention) Projections(hidden int) []Projection {
	h := hidden
	switch a.Kind {
	case GQA:
		q := a.Heads * a.HeadDim
		if a.OutputGate {
			q *= 2 // the query and the output gate, one matrix in the checkpoint
		}
		return []Projection{
			{"q_proj", h, q},
			{"k_proj", h, a.KVHeadCount() * a.HeadDim},
			{"v_proj", h, a.KVHeadCount() * a.HeadDim},
			{"o_proj", a.Heads * a.HeadDim, h},
		}
	case MFA:
		return []Projection{
			{"q_down", h, a.QueryRank},
			{"q_up", a.QueryRank, a.Heads * a.HeadDim},
			{"k_proj", h, a.KVHeadCount() * a.HeadDim},
			{"v_proj", h, a.KVHeadCount() * a.HeadDim},
			{"o_proj", a.Heads * a.HeadDim, h},
		}
	case MLA, MLADSA:
		qk := a.NopeDim + a.RopeDim
		var q []Projection
		if a.QueryRank > 0 {
			q = []Projection{{"q_a_proj", h, a.QueryRank}, {"q_b_proj", a.QueryRank, a.Heads * qk}}
		} else {
			q = []Projection{{"q_proj", h, a.Heads * qk}}
		}
		ps := append(q,
			Projection{"kv_a_proj", h, a.KVRank + a.RopeDim},
			Projection{"kv_b_proj", a.KVRank, a.Heads * (a.NopeDim + a.ValueDim)},
			Projection{"o_proj", a.Heads * a.ValueDim, h},
		)
		if a.HasIndexer() {
			// DeepSeek-V3.2's Indexer: its query from the query latent (q_lora; the hidden
			// state when the query is full-rank), one key per token, and one weight per head.
			in := a.QueryRank
			if in == 0 {
				in = h
			}
			ps = append(ps,
				Projection{"indexer_wq_b", in, a.IndexHeads * a.IndexHeadDim},
				Projection{"indexer_wk", h, a.IndexHeadDim},
				Projection{"indexer_weights_proj", h, a.IndexHeads},
			)
		}
		return ps
	case Linear:
		qk := a.KVHeadCount() * a.HeadDim
		v := a.Heads * a.ValueHeadDim()
		return []Projection{
			{"q_proj", h, qk},
			{"k_proj", h, qk},
			{"v_proj", h, v},
			{"gate_proj", h, v},
			{"o_proj", v, h},
		}
	case GatedDeltaNet:
		qk := a.KVHeadCount() * a.HeadDim
		v := a.Heads * a.ValueHeadDim()
		return []Projection{
			{"in_proj_qkvz", h, 2*qk + 2*v}, // q, k, v and the output gate z
			{"in_proj_ba", h, 2 * a.Heads},  // β and the decay's a, one each per value head
			{"out_proj", v, h},
		}
	}
	return nil
}

// LinearWeights is the number of attention projection weights of one layer.
func (a Attention) LinearWeights(hidden int) float64 {
	var n float64
	for _, p := range a.Projections(hidden) {
		n += p.Weights()
	}
	return n
}

// EffectiveRank is the attention's effective rank as the report defines it: query heads ×
// per-head QK width, not counting a decoupled RoPE part (Step-3 64·256, DeepSeek-V3 128·128).
// For the recurrent kinds it is Heads·HeadDim.
func (a Attention) EffectiveRank() int {
	if a.Kind == MLA || a.Kind == MLADSA {
		return a.Heads * a.NopeDim
	}
	return a.Heads * a.HeadDim
}

// Label is a short name for the attention of a layer, such as "mfa", "gqa-chunked8192",
// "gqa-sliding128", "gqa-gated" (an output gate) or "mla-dsa-shared" (sparse attention on an
// earlier layer's top-k).
func (a Attention) Label() string {
	s := string(a.Kind)
	if a.OutputGate {
		s += "-gated"
	}
	if a.IndexShared {
		s += "-shared"
	}
	if a.Window == 0 {
		return s
	}
	if a.Chunked {
		return fmt.Sprintf("%s-chunked%d", s, a.Window)
	}
	return fmt.Sprintf("%s-sliding%d", s, a.Window)
}

// Validate reports the first field that does not describe a usable attention block.
func (a Attention) Validate() error {
	pos := func(name string, v int) error {
		if v <= 0 {
			return fmt.Errorf("attention %s: %s must be positive, got %d", a.Kind, name, v)
		}
		return nil
	}
	if a.Window < 0 {
		return fmt.Errorf("attention %s: window must be 0 (global) or positive, got %d", a.Kind, a.Window)
	}
	var errs []error
	switch a.Kind {
	case GQA, MFA:
		errs = append(errs, pos("heads", a.Heads), pos("kv_heads", a.KVHeadCount()), pos("head_dim", a.HeadDim))
		if a.Kind == MFA {
			errs = append(errs, pos("query_rank", a.QueryRank))
		}
		if a.Heads > 0 && a.KVHeadCount() > 0 && a.Heads%a.KVHeadCount() != 0 {
			errs = append(errs, fmt.Errorf("attention %s: %d query heads are not a multiple of %d kv heads", a.Kind, a.Heads, a.KVHeadCount()))
		}
	case MLA, MLADSA:
		errs = append(errs, pos("heads", a.Heads), pos("kv_rank", a.KVRank), pos("rope_dim", a.RopeDim),
			pos("nope_dim", a.NopeDim), pos("value_dim", a.ValueDim))
		if a.QueryRank < 0 {
			errs = append(errs, fmt.Errorf("attention %s: query_rank must be 0 (full rank) or positive, got %d", a.Kind, a.QueryRank))
		}
		if a.Kind == MLADSA {
			errs = append(errs, pos("index_topk", a.IndexTopK))
			if a.IndexShared {
				if a.IndexHeads != 0 || a.IndexHeadDim != 0 {
					errs = append(errs, fmt.Errorf("attention mla-dsa: a layer with a shared index has no indexer of its own; index_heads and index_head_dim must be 0, got %d and %d", a.IndexHeads, a.IndexHeadDim))
				}
			} else {
				errs = append(errs, pos("index_heads", a.IndexHeads), pos("index_head_dim", a.IndexHeadDim))
			}
			if a.Window != 0 {
				errs = append(errs, fmt.Errorf("attention mla-dsa: a window on top of the sparse top-k is not modelled, got %d", a.Window))
			}
		} else if a.IndexHeads != 0 || a.IndexHeadDim != 0 || a.IndexTopK != 0 || a.IndexShared {
			errs = append(errs, fmt.Errorf("attention mla: index fields belong to mla-dsa"))
		}
	case Linear, GatedDeltaNet:
		errs = append(errs, pos("heads", a.Heads), pos("kv_heads", a.KVHeadCount()), pos("head_dim", a.HeadDim), pos("value_dim", a.ValueHeadDim()))
		if a.Kind == GatedDeltaNet {
			errs = append(errs, pos("conv_kernel", a.ConvKernel))
		}
		if a.Heads > 0 && a.KVHeadCount() > 0 && a.Heads%a.KVHeadCount() != 0 {
			errs = append(errs, fmt.Errorf("attention %s: %d value heads are not a multiple of %d query/key heads", a.Kind, a.Heads, a.KVHeadCount()))
		}
		if a.Window != 0 {
			errs = append(errs, fmt.Errorf("attention %s: a window makes no sense for a fixed state, got %d", a.Kind, a.Window))
		}
	default:
		return fmt.Errorf("unknown attention kind %q (want gqa, mfa, mla, mla-dsa, linear or gdn)", a.Kind)
	}
	if a.OutputGate && a.Kind != GQA {
		errs = append(errs, fmt.Errorf("attention %s: output_gate is modelled for gqa only", a.Kind))
	}
	if a.ConvKernel != 0 && a.Kind != GatedDeltaNet {
		errs = append(errs, fmt.Errorf("attention %s: conv_kernel belongs to gdn", a.Kind))
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
