package model

import "fmt"

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
	// Linear is linear attention with a fixed per-layer state (MiniMax Lightning, Gated
	// DeltaNet): no per-token cache, an FP32 state of Heads·HeadDim·ValueDim elements read
	// and written each step.
	Linear AttentionKind = "linear"
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
	// Window is the sliding or chunked attention window in tokens; 0 means global attention.
	// A windowed layer attends to (and caches) at most Window tokens.
	Window int `json:"window,omitempty"`
	// Chunked says the window is a fixed chunk (Llama 4) rather than a sliding window
	// (gpt-oss). Both cost min(C, Window) per decoded token; the flag only names the layer.
	Chunked bool `json:"chunked,omitempty"`
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

// AttendedTokens is the number of cached tokens one decoded token attends to at context C:
// min(C, Window) for a windowed layer, C otherwise.
func (a Attention) AttendedTokens(context int) int {
	if a.Window > 0 && context > a.Window {
		return a.Window
	}
	return context
}

// CachedElementsPerToken is the number of elements one layer caches for each token of
// context: 2·KVHeads·HeadDim for GQA and MFA (keys and values), KVRank+RopeDim for MLA (one
// latent shared by keys and values), 0 for Linear (whose state does not grow with C).
func (a Attention) CachedElementsPerToken() float64 {
	switch a.Kind {
	case GQA, MFA:
		return 2 * float64(a.KVHeadCount()) * float64(a.HeadDim)
	case MLA:
		return float64(a.KVRank + a.RopeDim)
	}
	return 0
}

// StateElements is the size of a Linear layer's fixed recurrent state in elements,
// Heads·HeadDim·ValueDim; 0 for the other kinds.
func (a Attention) StateElements() float64 {
	if a.Kind != Linear {
		return 0
	}
	return float64(a.Heads) * float64(a.HeadDim) * float64(a.ValueHeadDim())
}

// CoreFLOPsPerToken is the attention core's FLOPs for one decoded token at context C
// (DESIGN §3): 4·Heads·HeadDim·C' for GQA and MFA (QK and PV, 2 FLOPs each per
// multiply-add), 4·Heads·(KVRank+RopeDim)·C' for MLA (absorbed form: QK and PV both at the
// latent width), and 10·Heads·HeadDim·ValueDim for Linear, whatever C. C' = AttendedTokens(C).
func (a Attention) CoreFLOPsPerToken(context int) float64 {
	c := float64(a.AttendedTokens(context))
	switch a.Kind {
	case GQA, MFA:
		return 4 * float64(a.Heads) * float64(a.HeadDim) * c
	case MLA:
		return 4 * float64(a.Heads) * float64(a.KVRank+a.RopeDim) * c
	case Linear:
		return 10 * a.StateElements()
	}
	return 0
}

// Projections lists the layer's attention weight matrices for a model of hidden size
// hidden, in the order a token meets them. MLA's kv_b_proj is listed as an ordinary matrix
// (no weight absorption), as the report counts it.
func (a Attention) Projections(hidden int) []Projection {
	h := hidden
	switch a.Kind {
	case GQA:
		return []Projection{
			{"q_proj", h, a.Heads * a.HeadDim},
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
	case MLA:
		qk := a.NopeDim + a.RopeDim
		var q []Projection
		if a.QueryRank > 0 {
			q = []Projection{{"q_a_proj", h, a.QueryRank}, {"q_b_proj", a.QueryRank, a.Heads * qk}}
		} else {
			q = []Projection{{"q_proj", h, a.Heads * qk}}
		}
		return append(q,
			Projection{"kv_a_proj", h, a.KVRank + a.RopeDim},
			Projection{"kv_b_proj", a.KVRank, a.Heads * (a.NopeDim + a.ValueDim)},
			Projection{"o_proj", a.Heads * a.ValueDim, h},
		)
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
// For Linear it is Heads·HeadDim.
func (a Attention) EffectiveRank() int {
	if a.Kind == MLA {
		return a.Heads * a.NopeDim
	}
	return a.Heads * a.HeadDim
}

// Label is a short name for the attention of a layer, such as "mfa", "gqa-chunked8192" or
// "gqa-sliding128".
func (a Attention) Label() string {
	if a.Window == 0 {
		return string(a.Kind)
	}
	if a.Chunked {
		return fmt.Sprintf("%s-chunked%d", a.Kind, a.Window)
	}
	return fmt.Sprintf("%s-sliding%d", a.Kind, a.Window)
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
	case MLA:
		errs = append(errs, pos("heads", a.Heads), pos("kv_rank", a.KVRank), pos("rope_dim", a.RopeDim),
			pos("nope_dim", a.NopeDim), pos("value_dim", a.ValueDim))
		if a.QueryRank < 0 {
			errs = append(errs, fmt.Errorf("attention mla: query_rank must be 0 (full rank) or positive, got %d", a.QueryRank))
		}
	case Linear:
		errs = append(errs, pos("heads", a.Heads), pos("kv_heads", a.KVHeadCount()), pos("head_dim", a.HeadDim), pos("value_dim", a.ValueHeadDim()))
		if a.Window != 0 {
			errs = append(errs, fmt.Errorf("attention linear: a window makes no sense for a fixed state, got %d", a.Window))
		}
	default:
		return fmt.Errorf("unknown attention kind %q (want gqa, mfa, mla or linear)", a.Kind)
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
