package cost

import (
	"fmt"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// Comparison is the report's cost table: for each model and context, the single-card cost
// on every card compared and the best AFD combination among them.
type Comparison struct {
	// Groups holds one entry per (model, context), models in the order given, contexts
	// within each model in the order given.
	Groups []ComparisonGroup
	// MTP is the multi-token prediction the decode costs are per accepted token of (zero:
	// none, the report's one token per step).
	MTP MTP
}

// ComparisonGroup is one model at one context: one cell per card (in the order given) and
// the AFD choice among them.
type ComparisonGroup struct {
	// Cells are the single-card costs, one per card, in the order the cards were given.
	Cells []Theoretical
	// AFD is the cheapest attention card with the cheapest FFN card among Cells (BestAFD).
	AFD AFD
}

// Compare evaluates every model on every card at every context. Every card must have a
// price, every model must be valid and every context positive.
func Compare(models []*model.Model, cards []hardware.Accelerator, contexts []int, opt model.CountOptions) (Comparison, error) {
	return CompareMTP(models, cards, contexts, opt, MTP{})
}

// CompareMTP is Compare with the decode costs per accepted token under multi-token
// prediction mtp (Evaluator.WithMTP); MTP{} is Compare.
func CompareMTP(models []*model.Model, cards []hardware.Accelerator, contexts []int, opt model.CountOptions, mtp MTP) (Comparison, error) {
	if err := mtp.Validate(); err != nil {
		return Comparison{}, err
	}
	if len(models) == 0 || len(cards) == 0 || len(contexts) == 0 {
		return Comparison{}, fmt.Errorf("compare: need at least one model, one card and one context")
	}
	for _, hw := range cards {
		if err := CheckCard(hw); err != nil {
			return Comparison{}, err
		}
	}
	for _, c := range contexts {
		if err := checkContext(c); err != nil {
			return Comparison{}, err
		}
	}
	cmp := Comparison{MTP: mtp}
	for _, m := range models {
		if err := m.Validate(); err != nil {
			return Comparison{}, err
		}
		e := NewEvaluator(m, opt).WithMTP(mtp)
		for _, ctx := range contexts {
			g := ComparisonGroup{}
			for i := range cards {
				g.Cells = append(g.Cells, e.Theoretical(&cards[i], ctx))
			}
			afd, err := BestAFD(g.Cells)
			if err != nil {
				return Comparison{}, err
			}
			g.AFD = afd
			cmp.Groups = append(cmp.Groups, g)
		}
	}
	return cmp, nil
}
