package report

import (
	"slices"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
)

// CostTable lays a comparison out as rows: for each model and context, one row per card and
// one "afd" row.
func CostTable(cmp cost.Comparison) *render.Table {
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
		t.Add(a.Model, a.Context, AFDCell{a.AttentionHardware, a.FFNHardware}, a.KVBytes, a.AttentionFLOPs, a.LinearFLOPs, a.FFNFLOPs,
			a.AttentionUSDPerMTok, a.FFNUSDPerMTok, a.TotalUSDPerMTok, string(a.AttentionBound),
			a.AttentionHardware, a.FFNHardware, nil, nil, nil, nil, nil)
	}
	return t
}

// AFDCell is the hardware cell of an AFD row: "afd" in CSV and JSON (the other columns name
// the cards), "afd h20+h800" (attention card + FFN card) in tables.
type AFDCell struct{ attention, ffn string }

func (AFDCell) String() string { return "afd" }

func (AFDCell) MarshalJSON() ([]byte, error) { return []byte(`"afd"`), nil }

func showAFD(v any) string {
	if a, ok := v.(AFDCell); ok {
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
