package main

import (
	"fmt"
	"slices"

	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

func newCountsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "counts",
		Short: "Per-token FLOP and byte counts of a model at a context, per layer kind and in total",
		Long: `counts shows what decoding one token at context C costs a model, before any hardware (DESIGN
§3), per layer kind (layers that are exactly alike) and in total:

  kv_bytes         KV cache bytes read (cached elements × bytes × min(C, window); a linear-
                   attention state counts twice, read and written, whatever C)
  attention_flops  attention core FLOPs (QK and PV; MLA in the absorbed form)
  linear_flops     attention projection FLOPs (2 × projection weights; MLA not absorbed)
  ffn_flops        FFN FLOPs (2 × activated expert weights; router and LM head only on request)

and the attention's arithmetic intensity (core FLOPs per KV byte), its effective rank (query
heads × per-head QK width without RoPE), and the parameter counts computed from the
architecture (with embeddings; json also carries them without).`,
		Example: `  decost counts --model step3 --context 8192
  decost counts --model llama4-maverick --context 128k --format json`,
		Args: cobra.NoArgs,
	}
	modelID := cmd.Flags().String("model", "step3", "model id (see 'decost models') or path to a Hugging Face config.json (or its directory)")
	context := cmd.Flags().String("context", "8192", "context in tokens; 8k = 8192")
	format := formatFlag(cmd)
	opt := countOptionFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		m, c, err := oneModelAt(cmd, *modelID, *context)
		if err != nil {
			return err
		}
		r := countsReport(m, c, *opt)
		return emitRecord(cmd, f, r, func() *render.Table { return countsTable(r) })
	}
	return cmd
}

// countsKind is one row of the counts report.
type countsKind struct {
	model.KindCounts
	ArithmeticIntensity float64 `json:"arithmetic_intensity"`
}

// countsResult is the JSON form of 'decost counts'.
type countsResult struct {
	Model                    string       `json:"model"`
	Context                  int          `json:"context"`
	Kinds                    []countsKind `json:"kinds"`
	Total                    model.Counts `json:"total"`
	ArithmeticIntensity      float64      `json:"arithmetic_intensity"`
	EffectiveRank            int          `json:"effective_rank"`
	TotalParams              float64      `json:"total_params"`
	ActivatedParams          float64      `json:"activated_params"`
	TotalParamsWithoutEmb    float64      `json:"total_params_without_embeddings"`
	ActivatedParamsWithoutEm float64      `json:"activated_params_without_embeddings"`
	Router                   bool         `json:"router_counted"`
	LMHead                   bool         `json:"lm_head_counted"`
}

func countsReport(m *model.Model, context int, opt model.CountOptions) countsResult {
	mc := m.CountsAt(context, opt)
	p := m.Params()
	r := countsResult{
		Model: m.ID, Context: context, Total: mc.Total,
		ArithmeticIntensity: mc.Total.ArithmeticIntensity(), EffectiveRank: m.EffectiveRank(),
		TotalParams: p.TotalWithEmbeddings(), ActivatedParams: p.ActivatedWithEmbeddings(),
		TotalParamsWithoutEmb: p.Total, ActivatedParamsWithoutEm: p.Activated,
		Router: opt.Router, LMHead: opt.LMHead,
	}
	for _, k := range mc.Kinds {
		r.Kinds = append(r.Kinds, countsKind{k, k.ArithmeticIntensity()})
	}
	return r
}

func countsTable(r countsResult) *render.Table {
	t := &render.Table{
		Columns: slices.Concat([]render.Column{
			{Key: "layer_kind", Header: "layer kind"},
			{Key: "layers", Header: "layers"},
		}, perTokenColumns(render.Sci(4)), []render.Column{
			{Key: "arithmetic_intensity", Header: "attn FLOP/B", Show: render.Sig(4)},
		}),
		Caption: fmt.Sprintf("%s at context %d, per decoded token. Effective attention rank %d. Parameters (with embeddings): %s total, %s activated.",
			r.Model, r.Context, r.EffectiveRank, render.Billions(r.TotalParams), render.Billions(r.ActivatedParams)),
	}
	layers := 0
	for _, k := range r.Kinds {
		t.Add(k.Kind, k.Layers, k.KVBytes, k.AttentionFLOPs, k.LinearFLOPs, k.FFNFLOPs, k.ArithmeticIntensity)
		layers += k.Layers
	}
	t.Add("total", layers, r.Total.KVBytes, r.Total.AttentionFLOPs, r.Total.LinearFLOPs, r.Total.FFNFLOPs, r.ArithmeticIntensity)
	return t
}
