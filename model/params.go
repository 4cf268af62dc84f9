package model

// Params are parameter counts computed from the architecture, in parameters.
//
// They count attention projections, FFN experts and the MoE router, and (in the With
// variants) the input embedding and the LM head (once when tied). Norm weights and biases
// are left out (well under 1% of any built-in model), and so are multi-token-prediction
// modules, which decoding one token at a time does not run (DeepSeek-V3's is 14B beside the
// 671B it quotes).
type Params struct {
	// Total is every stored weight of the decoder layers, without embeddings.
	Total float64 `json:"total"`
	// Activated is the weights one token touches in the decoder layers (attention, the router,
	// top-k routed and all shared experts), without embeddings.
	Activated float64 `json:"activated"`
	// Embedding is the input embedding plus the LM head (V·H each; once if tied).
	Embedding float64 `json:"embedding"`
}

// TotalWithEmbeddings is Total + Embedding.
func (p Params) TotalWithEmbeddings() float64 { return p.Total + p.Embedding }

// ActivatedWithEmbeddings is Activated + Embedding.
func (p Params) ActivatedWithEmbeddings() float64 { return p.Activated + p.Embedding }

// Params computes the model's parameter counts from its architecture.
func (m *Model) Params() Params {
	var p Params
	for _, k := range m.Kinds() {
		n := float64(k.Count())
		attn := k.Layer.Attention.LinearWeights(m.Hidden) + k.Layer.Attention.ConvWeights()
		router := k.Layer.FFN.RouterWeights(m.Hidden)
		p.Total += n * (attn + router + k.Layer.FFN.TotalWeights(m.Hidden))
		p.Activated += n * (attn + router + k.Layer.FFN.ActivatedWeights(m.Hidden))
	}
	p.Embedding = m.EmbeddingWeights()
	return p
}

// LMHeadWeights is the number of weights of the LM head, V·H (the input embedding has as
// many).
func (m *Model) LMHeadWeights() float64 { return float64(m.Vocab) * float64(m.Hidden) }

// LMHeadFLOPs is the LM head's work per decoded token, in FLOPs: 2·H·V (one multiply-add
// per weight). The report leaves it out; --lm-head adds it to the FFN.
func (m *Model) LMHeadFLOPs() float64 { return 2 * m.LMHeadWeights() }

// EmbeddingWeights is the number of weights of the input embedding and the LM head, V·H
// each, counted once when they are tied.
func (m *Model) EmbeddingWeights() float64 {
	w := m.LMHeadWeights()
	if !m.TiedEmbeddings {
		w *= 2
	}
	return w
}
