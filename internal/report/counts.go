package report

import (
	"fmt"
	"slices"

	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// CountsKind is one row of the counts report.
type CountsKind struct {
	model.KindCounts
	// ArithmeticIntensity is the layer kind's attention core FLOPs per KV byte read.
	ArithmeticIntensity float64 `json:"arithmetic_intensity"`
}

// Counts is the JSON form of 'decost counts'.
type Counts struct {
	// Model is the model's id; Context the context in tokens.
	Model   string `json:"model"`
	Context int    `json:"context"`
	// Kinds are the counts per decoded token of each layer kind, in model order; Total
	// their sum over every layer (KV bytes, FLOPs).
	Kinds []CountsKind `json:"kinds"`
	Total model.Counts `json:"total"`
	// ArithmeticIntensity is the attention core's FLOPs per KV byte over all layers;
	// EffectiveRank the attention's effective rank (query heads × per-head QK width without
	// RoPE).
	ArithmeticIntensity float64 `json:"arithmetic_intensity"`
	EffectiveRank       int     `json:"effective_rank"`
	// TotalParams and ActivatedParams are parameter counts computed from the architecture,
	// with embeddings (input embedding and LM head), and the same without them.
	TotalParams              float64 `json:"total_params"`
	ActivatedParams          float64 `json:"activated_params"`
	TotalParamsWithoutEmb    float64 `json:"total_params_without_embeddings"`
	ActivatedParamsWithoutEm float64 `json:"activated_params_without_embeddings"`
	// Router and LMHead say whether the MoE router and the LM head are counted in the FFN
	// FLOPs.
	Router bool `json:"router_counted"`
	LMHead bool `json:"lm_head_counted"`
}

// NewCounts counts model m per decoded token at context (in tokens), per layer kind and in
// total.
func NewCounts(m *model.Model, context int, opt model.CountOptions) Counts {
	mc := m.CountsAt(context, opt)
	p := m.Params()
	r := Counts{
		Model: m.ID, Context: context, Total: mc.Total,
		ArithmeticIntensity: mc.Total.ArithmeticIntensity(), EffectiveRank: m.EffectiveRank(),
		TotalParams: p.TotalWithEmbeddings(), ActivatedParams: p.ActivatedWithEmbeddings(),
		TotalParamsWithoutEmb: p.Total, ActivatedParamsWithoutEm: p.Activated,
		Router: opt.Router, LMHead: opt.LMHead,
	}
	for _, k := range mc.Kinds {
		r.Kinds = append(r.Kinds, CountsKind{k, k.ArithmeticIntensity()})
	}
	return r
}

// Table lays the counts out per layer kind, with a total row. A model with a lightning
// indexer (DeepSeek Sparse Attention) gets two more columns, the indexer's FLOPs and the
// index key bytes it reads, beside the core's.
func (r Counts) Table() *render.Table {
	indexer := r.Total.IndexerFLOPs > 0 || r.Total.IndexerBytes > 0
	var extra []render.Column
	caption := ""
	if indexer {
		extra = []render.Column{
			{Key: "indexer_flops", Header: "idx FLOP/tok", Show: render.Sci(4)},
			{Key: "indexer_bytes", Header: "idx key B/tok", Show: render.Sci(4)},
		}
		caption = "\nSparse attention: attn FLOP/tok and KV B/tok are the MLA core over min(C, top-k) latents; the lightning indexer scores all C index keys (idx columns); its query, key and weight projections are in linear FLOP/tok. attn FLOP/B is the core's."
	}
	t := &render.Table{
		Columns: slices.Concat([]render.Column{
			{Key: "layer_kind", Header: "layer kind"},
			{Key: "layers", Header: "layers"},
		}, tableColumns(pick(scenarios.CountsColumns(), perToken()...), showing(nil, render.Sci(4), perToken()...)), extra,
			tableColumns(pick(scenarios.CountsColumns(), "arithmetic_intensity"), showing(nil, render.Sig(4), "arithmetic_intensity"))),
		Caption: fmt.Sprintf("%s at context %d, per decoded token. Effective attention rank %d. Parameters (with embeddings): %s total, %s activated.",
			r.Model, r.Context, r.EffectiveRank, render.Billions(r.TotalParams), render.Billions(r.ActivatedParams)) + caption,
	}
	row := func(name string, layers int, c model.Counts, ai float64) {
		cells := []any{name, layers, c.KVBytes, c.AttentionFLOPs, c.LinearFLOPs, c.FFNFLOPs}
		if indexer {
			cells = append(cells, c.IndexerFLOPs, c.IndexerBytes)
		}
		t.Add(append(cells, ai)...)
	}
	layers := 0
	for _, k := range r.Kinds {
		row(k.Kind, k.Layers, k.Counts, k.ArithmeticIntensity)
		layers += k.Layers
	}
	row("total", layers, r.Total, r.ArithmeticIntensity)
	return t
}
