package main

import (
	"io"
	"slices"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

func newCostCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cost",
		Short: "Theoretical decoding cost per 1M tokens, the Step-3 report's method",
		Long: `cost compares the theoretical decoding cost of models on accelerators at given contexts, as
the Step-3 report does (DESIGN §6). Per decoded token at context C on card X:

  attention = max(core FLOPs × $/FLOP, KV bytes × $/byte) + linear FLOPs × $/FLOP
  FFN       = activated FFN FLOPs × $/FLOP
  total     = attention + FFN                        (one card does both)
  afd       = min over X of attention + min over Y of FFN   (communication free)

with $/FLOP = price / 3600 / peak FLOP/s (FP8 where model and card have it, else BF16) and
$/byte = price / 3600 / memory bandwidth. Costs are ideal (100% of peak) in USD per 10^6
decoded tokens. "bound" says which term binds the attention core on that card.

With no flags it compares step3, deepseek-v3 and qwen3-235b-a22b on h800, h20, a800 and
910b at 8192 and 32768 tokens.

The json and csv forms carry every number unrounded, and also the training cost per 1M
tokens at 100% MFU (3 × (core FLOPs at 8K + linear + FFN) × $/FLOP), the unit costs and the
split of the attention cost.`,
		Example: `  decost cost
  decost cost --model all --context 8k,32k --format json
  decost cost --model step3 --hardware h800,h20 --context 128k --price h20=0.9`,
		Args: cobra.NoArgs,
	}
	models := cmd.Flags().String("model", defaultModels, "models: comma list of ids (see 'decost models') or paths to a Hugging Face config.json (or its directory), or all")
	hw := cmd.Flags().String("hardware", defaultHardware, "cards: comma list of ids (see 'decost hardware'), or all (every card with a price)")
	contexts := cmd.Flags().String("context", defaultContexts, "contexts in tokens: comma list; 8k = 8192, 32K = 32768")
	prices := priceFlag(cmd)
	format := formatFlag(cmd)
	opt := countOptionFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		cs, err := parseContexts(*contexts)
		if err != nil {
			return err
		}
		ms, err := resolveModelsAt(cmd, *models, cs)
		if err != nil {
			return err
		}
		cat, err := resolveCatalogue(cmd, *prices)
		if err != nil {
			return err
		}
		cards, err := parseHardware(cat, *hw, true)
		if err != nil {
			return err
		}
		cmp, err := cost.Compare(ms, cards, cs, *opt)
		if err != nil {
			return err
		}
		return emit(cmd, func(w io.Writer) error { return costTable(cmp).Write(w, f) })
	}
	return cmd
}

// costTable lays a comparison out as rows: for each model and context, one row per card and
// one "afd" row.
func costTable(cmp cost.Comparison) *render.Table {
	usd := render.Sig(4)
	t := &render.Table{
		Columns: slices.Concat([]render.Column{
			{Key: "model", Header: "model"},
			{Key: "context", Header: "context"},
			{Key: "hardware", Header: "hardware", Show: showAFD},
		}, perTokenColumns(render.Sci(3)), []render.Column{
			{Key: "attention_usd_per_mtok", Header: "attn $/Mtok", Show: usd},
			{Key: "ffn_usd_per_mtok", Header: "FFN $/Mtok", Show: usd},
			{Key: "total_usd_per_mtok", Header: "total $/Mtok", Show: usd},
			{Key: "attention_bound", Header: "attn bound"},
			{Key: "attention_hardware", Header: "attention on", Detail: true},
			{Key: "ffn_hardware", Header: "FFN on", Detail: true},
			{Key: "compute_precision", Header: "compute", Detail: true},
			{Key: "attention_core_usd_per_mtok", Header: "core $/Mtok", Detail: true},
			{Key: "kv_usd_per_mtok", Header: "KV $/Mtok", Detail: true},
			{Key: "linear_usd_per_mtok", Header: "linear $/Mtok", Detail: true},
			{Key: "training_usd_per_mtok", Header: "training $/Mtok", Detail: true},
		}),
		Caption: "Ideal theoretical cost (Step-3 report §6 method): USD per 10^6 decoded tokens at 100% of peak; counts per decoded token.\n" +
			"attn bound: the attention core's binding term. afd: attention on the cheapest card for attention + FFN on the cheapest for FFN, communication free.",
	}
	for _, g := range cmp.Groups {
		for _, c := range g.Cells {
			t.Add(c.Model, c.Context, c.Hardware, c.KVBytes, c.AttentionFLOPs, c.LinearFLOPs, c.FFNFLOPs,
				c.AttentionUSDPerMTok, c.FFNUSDPerMTok, c.TotalUSDPerMTok, string(c.AttentionBound),
				c.Hardware, c.Hardware, string(c.ComputePrecision),
				c.AttentionCoreUSDPerMTok, c.KVUSDPerMTok, c.LinearUSDPerMTok, c.TrainingUSDPerMTok)
		}
		a := g.AFD
		t.Add(a.Model, a.Context, afdCell{a.AttentionHardware, a.FFNHardware}, a.KVBytes, a.AttentionFLOPs, a.LinearFLOPs, a.FFNFLOPs,
			a.AttentionUSDPerMTok, a.FFNUSDPerMTok, a.TotalUSDPerMTok, string(a.AttentionBound),
			a.AttentionHardware, a.FFNHardware, nil, nil, nil, nil, nil)
	}
	return t
}

// afdCell is the hardware cell of an AFD row: "afd" in CSV and JSON (the other columns name
// the cards), "afd h20+h800" (attention card + FFN card) in tables.
type afdCell struct{ attention, ffn string }

func (afdCell) String() string               { return "afd" }
func (afdCell) MarshalJSON() ([]byte, error) { return []byte(`"afd"`), nil }
func showAFD(v any) string {
	if a, ok := v.(afdCell); ok {
		return "afd " + a.attention + "+" + a.ffn
	}
	return render.Plain(v)
}

// perTokenColumns are the per-decoded-token counts that the cost, counts and sweep tables
// share: KV bytes read and the attention core, projection and FFN FLOPs.
func perTokenColumns(show func(any) string) []render.Column {
	return []render.Column{
		{Key: "kv_bytes", Header: "KV B/tok", Show: show},
		{Key: "attention_flops", Header: "attn FLOP/tok", Show: show},
		{Key: "linear_flops", Header: "linear FLOP/tok", Show: show},
		{Key: "ffn_flops", Header: "FFN FLOP/tok", Show: show},
	}
}
