package cost

import (
	"fmt"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// AFD is the report's cost of attention–FFN disaggregation for one model at one context
// (docs/design.md §cost): attention on the card where it is cheapest, FFN on the card where it is
// cheapest, communication assumed hidden by the pipeline (cost 0).
type AFD struct {
	// Model is the model's id; Context is C, the tokens already cached per sequence.
	Model   string `json:"model"`
	Context int    `json:"context"`
	// Counts are the model's per-token counts at Context.
	model.Counts
	// AttentionHardware and FFNHardware are the cards chosen, among those compared.
	AttentionHardware string `json:"attention_hardware"`
	FFNHardware       string `json:"ffn_hardware"`
	// AttentionUSDPerMTok is the attention cost on AttentionHardware, FFNUSDPerMTok the FFN
	// cost on FFNHardware, TotalUSDPerMTok their sum.
	AttentionUSDPerMTok float64 `json:"attention_usd_per_mtok"`
	FFNUSDPerMTok       float64 `json:"ffn_usd_per_mtok"`
	TotalUSDPerMTok     float64 `json:"total_usd_per_mtok"`
	// AttentionBound is the binding term of the attention core on AttentionHardware.
	AttentionBound hardware.Bound `json:"attention_bound"`
}

// BestAFD picks, among single-card costs of one model at one context, the cheapest card for
// attention and the cheapest for the FFN. On a tie the card listed first wins.
func BestAFD(cells []Theoretical) (AFD, error) {
	if len(cells) == 0 {
		return AFD{}, fmt.Errorf("afd: no hardware to choose from")
	}
	a, f := 0, 0
	for i, c := range cells {
		if c.Model != cells[0].Model || c.Context != cells[0].Context {
			return AFD{}, fmt.Errorf("afd: cells mix %s@%d and %s@%d", cells[0].Model, cells[0].Context, c.Model, c.Context)
		}
		if c.AttentionUSDPerMTok < cells[a].AttentionUSDPerMTok {
			a = i
		}
		if c.FFNUSDPerMTok < cells[f].FFNUSDPerMTok {
			f = i
		}
	}
	return AFD{
		Model: cells[0].Model, Context: cells[0].Context, Counts: cells[0].Counts,
		AttentionHardware: cells[a].Hardware, FFNHardware: cells[f].Hardware,
		AttentionUSDPerMTok: cells[a].AttentionUSDPerMTok, FFNUSDPerMTok: cells[f].FFNUSDPerMTok,
		TotalUSDPerMTok: cells[a].AttentionUSDPerMTok + cells[f].FFNUSDPerMTok,
		AttentionBound:  cells[a].AttentionBound,
	}, nil
}
