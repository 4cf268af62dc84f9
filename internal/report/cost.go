package report

import (
	"fmt"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// CostTable lays a comparison out as rows: for each model and context, one row per card and
// one "afd" row.
func CostTable(cmp cost.Comparison) *render.Table {
	usd := render.Sig(4)
	t := &render.Table{
		Columns: wide(tableColumns(scenarios.CostTableColumns(),
			showing(showing(map[string]func(any) string{"hardware": showAFD}, render.Sci(3), perToken()...),
				usd, "attention_usd_per_mtok", "ffn_usd_per_mtok", "total_usd_per_mtok"),
			"attention_hardware", "ffn_hardware", "compute_precision",
			"attention_core_usd_per_mtok", "kv_usd_per_mtok", "linear_usd_per_mtok", "training_usd_per_mtok"),
			"linear_flops", "attention_flops"),
		Caption: "Ideal theoretical cost (Step-3 report §6 method): USD per 10^6 decoded tokens at 100% of peak; counts per decoded token.\n" +
			"attn bound: the attention core's binding term. afd: attention on the cheapest card for attention + FFN on the cheapest for FFN, communication free.",
	}
	indexer := false
	for _, g := range cmp.Groups {
		indexer = indexer || g.AFD.IndexerFLOPs > 0
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
	if indexer {
		t.Caption += "\nSparse attention (DeepSeek Sparse Attention): KV B/tok and attn FLOP/tok are the MLA core over min(C, top-k) latents; attn $/Mtok also holds " +
			"the lightning indexer over all C index keys, priced at its own roof (its FLOPs and index key bytes: 'decost counts'; a cost sweep's indexer_* columns)."
	}
	if m := cmp.MTP; m.DraftTokens > 0 {
		addMTPColumns(t, m)
	}
	return t
}

// addMTPColumns adds to a cost table the multi-token prediction its decode costs assume: CSV
// and JSON columns on every row, and a caption line saying how the costs are per accepted
// token. Without MTP the table stays the report's.
func addMTPColumns(t *render.Table, m cost.MTP) {
	credited := m.CreditedTokens()
	t.Columns = append(t.Columns,
		render.Column{Key: "mtp_draft_tokens", Detail: true},
		render.Column{Key: "mtp_accept", Detail: true},
		render.Column{Key: "mtp_credited_tokens", Detail: true})
	for i := range t.Rows {
		t.Rows[i] = append(t.Rows[i], m.DraftTokens, m.AcceptRate, credited)
	}
	t.Caption += fmt.Sprintf("\nMTP: %d draft token(s) per step, each accepted with p = %g given the ones before: %s tokens credited per step (Σ p^i for i = 0…K). "+
		"Decode counts and costs are per accepted token: FLOPs × %d/%s (every step runs %d tokens per sequence), KV bytes / %s (one KV read per step); "+
		"the MTP layers' own cost is not counted; training cost as without MTP.",
		m.DraftTokens, m.AcceptRate, render.Sig(4)(credited), m.TokensPerStep(), render.Sig(4)(credited), m.TokensPerStep(), render.Sig(4)(credited))
}

// AFDCell is the hardware cell of an AFD row: "afd" in CSV and JSON (the other columns name
// the cards), "afd h20+h800" (attention card + FFN card) in tables.
type AFDCell struct{ attention, ffn string }

// String is the cell in CSV: "afd".
func (AFDCell) String() string { return "afd" }

// MarshalJSON writes the cell as the JSON string "afd".
func (AFDCell) MarshalJSON() ([]byte, error) { return []byte(`"afd"`), nil }

// showAFD shows the cell in tables: "afd h20+h800".
func showAFD(v any) string {
	if a, ok := v.(AFDCell); ok {
		return "afd " + a.attention + "+" + a.ffn
	}
	return render.Plain(v)
}
