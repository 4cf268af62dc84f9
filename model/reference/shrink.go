package reference

import "github.com/decost/decost/model"

// Context is the context C at which Verify decodes: a random cache of Context−1 earlier
// tokens plus the decoded one.
const Context = 48

// Window is the window a scaled-down windowed layer gets: smaller than Context, so that it
// binds.
const Window = 16

// The scale-down factors: hidden sizes, FFN widths, low ranks and vocabularies are divided by
// widthDivisor, per-head widths by headDivisor, expert counts by expertDivisor (rounding up).
const (
	widthDivisor  = 64
	headDivisor   = 16
	expertDivisor = 16
)

// down is n/f rounded up, at least 1; 0 stays 0.
func down(n, f int) int {
	if n <= 0 {
		return n
	}
	return (n + f - 1) / f
}

// Shrink returns a scaled-down copy of m with the same structure: the same layer pattern and
// kinds, the same attention and FFN kinds, the same ratio of query to key/value heads (at
// most 2 key/value heads, so GQA stays GQA and MQA stays MQA), the same top-k and shared
// experts over fewer routed experts (at least 2·top-k), windows of Window tokens, the same
// precisions, a sparse top-k of at most Window tokens — and small widths, so that a reference pass over it takes milliseconds.
func Shrink(m *model.Model) *model.Model {
	s := &model.Model{
		ID: m.ID, Name: m.Name + " (scaled down)", Hidden: down(m.Hidden, widthDivisor),
		Vocab: down(m.Vocab, widthDivisor), TiedEmbeddings: m.TiedEmbeddings, InReport: m.InReport,
		Source: "reference.Shrink of " + m.ID,
	}
	for _, l := range m.Layers {
		s.Layers = append(s.Layers, model.Layer{Attention: shrinkAttention(l.Attention), FFN: shrinkFFN(l.FFN), Precision: l.Precision})
	}
	return s
}

// shrinkHeads keeps the ratio of query heads to key/value heads with at most 2 key/value
// heads; with as many key/value heads as query heads (MHA, kv 0 or equal) it keeps up to 4 of
// each.
func shrinkHeads(heads, kvHeads int) (int, int) {
	if kvHeads <= 0 || kvHeads == heads || heads%kvHeads != 0 {
		h := min(heads, 4)
		if kvHeads == 0 {
			return h, 0
		}
		return h, h
	}
	kv := min(kvHeads, 2)
	return kv * (heads / kvHeads), kv
}

func shrinkAttention(a model.Attention) model.Attention {
	s := a
	switch a.Kind {
	case model.GQA, model.MFA, model.Linear, model.GatedDeltaNet:
		s.Heads, s.KVHeads = shrinkHeads(a.Heads, a.KVHeads)
	case model.MLA, model.MLADSA:
		s.Heads = down(a.Heads, headDivisor)
	}
	s.IndexHeads = down(a.IndexHeads, headDivisor)
	s.IndexHeadDim = down(a.IndexHeadDim, headDivisor)
	if a.IndexTopK > 0 {
		s.IndexTopK = min(a.IndexTopK, Window) // binds at Context, as a window does
	}
	s.HeadDim = down(a.HeadDim, headDivisor)
	s.QueryRank = down(a.QueryRank, widthDivisor)
	s.KVRank = down(a.KVRank, widthDivisor)
	s.RopeDim = down(a.RopeDim, headDivisor)
	s.NopeDim = down(a.NopeDim, headDivisor)
	s.ValueDim = down(a.ValueDim, headDivisor)
	if a.Window > 0 {
		s.Window = min(a.Window, Window)
	}
	return s
}

func shrinkFFN(f model.FFN) model.FFN {
	s := f
	s.Width = down(f.Width, widthDivisor)
	s.ExpertWidth = down(f.ExpertWidth, widthDivisor)
	s.SharedWidth = down(f.SharedWidth, widthDivisor)
	if f.Kind == model.MoE {
		s.Experts = min(f.Experts, max(down(f.Experts, expertDivisor), 2*f.TopK))
	}
	return s
}
