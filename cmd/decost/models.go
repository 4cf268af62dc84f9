package main

import (
	"io"

	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

func newModelsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "models",
		Short: "List the built-in models with their computed and quoted parameter counts",
		Long: `models lists the built-in model zoo (DESIGN §4): the Step-3 report's nine models first, then
further public models. For each: hidden size, layers and their pattern (layer kinds and which
layers they are), parameter counts computed from the architecture — total and activated,
with embeddings (input embedding + LM head) — next to the figures the report or the vendor
quotes, KV cache bytes per token of context, and the MoE sparsity.

Computed counts include attention projections, experts and the MoE router; norms, biases and
multi-token-prediction modules are left out (under 1%).`,
		Args: cobra.NoArgs,
	}
	format := formatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		ms, err := parseModels("all")
		if err != nil {
			return err
		}
		return emit(cmd, func(w io.Writer) error { return modelsTable(ms).Write(w, f) })
	}
	return cmd
}

func modelsTable(ms []*model.Model) *render.Table {
	b := render.Billions
	t := &render.Table{
		Columns: []render.Column{
			{Key: "id", Header: "id"},
			{Key: "name", Header: "name", Detail: true},
			{Key: "in_report", Header: "report"},
			{Key: "layers", Header: "layers"},
			{Key: "hidden", Header: "H"},
			{Key: "total_params", Header: "total", Show: b},
			{Key: "quoted_total_params", Header: "quoted", Show: b},
			{Key: "activated_params", Header: "activated", Show: b},
			{Key: "quoted_activated_params", Header: "quoted", Show: b},
			{Key: "total_params_without_embeddings", Header: "total w/o emb", Show: b, Detail: true},
			{Key: "activated_params_without_embeddings", Header: "activated w/o emb", Show: b, Detail: true},
			{Key: "kv_bytes_per_context_token", Header: "KV B/ctx tok", Show: render.Sig(6)},
			{Key: "moe_sparsity", Header: "sparsity", Show: render.Sig(3)},
			{Key: "pattern", Header: "layer pattern"},
			{Key: "source", Header: "source", Detail: true},
		},
		Caption: "Parameter counts computed from the architecture with embeddings, in billions; 'quoted' is the report's or vendor's figure.\n" +
			"KV B/ctx tok: KV cache bytes per token of context over all global layers (windowed layers stop growing at their window; linear-attention state not included).",
	}
	for _, m := range ms {
		p := m.Params()
		kvPerToken, sparsity := 0.0, 1.0
		for _, k := range m.Kinds() {
			l := k.Layer
			if l.Attention.Window == 0 {
				kvPerToken += float64(k.Count()) * l.Attention.CachedElementsPerToken() * l.Precision.Cache.Bytes()
			}
			if l.FFN.Kind == model.MoE {
				sparsity = l.FFN.Sparsity()
			}
		}
		t.Add(m.ID, m.Name, m.InReport, len(m.Layers), m.Hidden,
			p.TotalWithEmbeddings(), m.Quoted.Total, p.ActivatedWithEmbeddings(), m.Quoted.Activated,
			p.Total, p.Activated, kvPerToken, sparsity, m.Describe(), m.Source)
	}
	return t
}
