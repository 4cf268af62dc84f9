package model

import "fmt"

// FFNKind names a feed-forward block.
type FFNKind string

const (
	// Dense is a SwiGLU MLP of Width: gate and up H×Width, down Width×H.
	Dense FFNKind = "dense"
	// MoE is a mixture of SwiGLU experts: TopK of Experts routed experts plus SharedExperts
	// always-on experts per token.
	MoE FFNKind = "moe"
)

// FFN is the feed-forward block of one layer. A SwiGLU expert of width I on hidden size H has
// 3·H·I weights.
type FFN struct {
	// Kind is dense or MoE; it says which of the fields below are read.
	Kind FFNKind `json:"kind"`
	// Width is the intermediate width of a Dense FFN.
	Width int `json:"width,omitempty"`
	// Experts is the number of routed experts of a MoE.
	Experts int `json:"experts,omitempty"`
	// TopK is the number of routed experts each token activates.
	TopK int `json:"top_k,omitempty"`
	// ExpertWidth is the intermediate width of one routed expert.
	ExpertWidth int `json:"expert_width,omitempty"`
	// SharedExperts is the number of shared experts every token passes through.
	SharedExperts int `json:"shared_experts,omitempty"`
	// SharedWidth is the intermediate width of one shared expert; 0 means ExpertWidth.
	SharedWidth int `json:"shared_width,omitempty"`
}

// SharedExpertWidth is the width of one shared expert (ExpertWidth unless set).
func (f FFN) SharedExpertWidth() int {
	if f.SharedWidth == 0 {
		return f.ExpertWidth
	}
	return f.SharedWidth
}

func swiglu(hidden, width int) float64 { return 3 * float64(hidden) * float64(width) }

// ActivatedWeights is the number of FFN weights one token uses: 3·H·Width for Dense;
// 3·H·(TopK·ExpertWidth + SharedExperts·SharedWidth) for MoE.
func (f FFN) ActivatedWeights(hidden int) float64 {
	if f.Kind == Dense {
		return swiglu(hidden, f.Width)
	}
	return float64(f.TopK)*swiglu(hidden, f.ExpertWidth) + float64(f.SharedExperts)*swiglu(hidden, f.SharedExpertWidth())
}

// TotalWeights is the number of FFN weights stored: all routed and shared experts.
func (f FFN) TotalWeights(hidden int) float64 {
	if f.Kind == Dense {
		return swiglu(hidden, f.Width)
	}
	return float64(f.Experts)*swiglu(hidden, f.ExpertWidth) + float64(f.SharedExperts)*swiglu(hidden, f.SharedExpertWidth())
}

// RouterWeights is the size of the MoE gate, H×Experts; 0 for Dense.
func (f FFN) RouterWeights(hidden int) float64 {
	if f.Kind != MoE {
		return 0
	}
	return float64(hidden) * float64(f.Experts)
}

// Sparsity is the MoE sparsity S = (TopK + SharedExperts) / (Experts + SharedExperts)
// (Step-3: 4/49); 1 for Dense.
func (f FFN) Sparsity() float64 {
	if f.Kind != MoE {
		return 1
	}
	return float64(f.TopK+f.SharedExperts) / float64(f.Experts+f.SharedExperts)
}

// Label is a short name for the FFN of a layer: "dense" or "moe".
func (f FFN) Label() string { return string(f.Kind) }

// Validate reports the first field that does not describe a usable FFN.
func (f FFN) Validate() error {
	switch f.Kind {
	case Dense:
		if f.Width <= 0 {
			return fmt.Errorf("ffn dense: width must be positive, got %d", f.Width)
		}
	case MoE:
		switch {
		case f.Experts <= 0:
			return fmt.Errorf("ffn moe: experts must be positive, got %d", f.Experts)
		case f.TopK <= 0:
			return fmt.Errorf("ffn moe: top_k must be positive, got %d", f.TopK)
		case f.TopK > f.Experts:
			return fmt.Errorf("ffn moe: top_k %d is larger than the %d routed experts", f.TopK, f.Experts)
		case f.ExpertWidth <= 0:
			return fmt.Errorf("ffn moe: expert_width must be positive, got %d", f.ExpertWidth)
		case f.SharedExperts < 0:
			return fmt.Errorf("ffn moe: shared_experts must be 0 or positive, got %d", f.SharedExperts)
		case f.SharedWidth < 0:
			return fmt.Errorf("ffn moe: shared_width must be 0 (= expert_width) or positive, got %d", f.SharedWidth)
		}
	default:
		return fmt.Errorf("unknown ffn kind %q (want dense or moe)", f.Kind)
	}
	return nil
}

// MainFFN is the FFN that characterises the model's sparsity: the MoE that most of its layers
// use (counted by identical FFN, whatever their attention), or the first layer's FFN when no
// layer is MoE. Step-3's is its 48-expert MoE although 5 of its layers are dense.
func (m *Model) MainFFN() FFN {
	count := map[FFN]int{}
	best, n := m.Layers[0].FFN, 0
	for _, l := range m.Layers {
		if l.FFN.Kind != MoE {
			continue
		}
		count[l.FFN]++
		if count[l.FFN] > n {
			best, n = l.FFN, count[l.FFN]
		}
	}
	return best
}
