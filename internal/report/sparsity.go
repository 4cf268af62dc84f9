package report

import (
	"fmt"
	"time"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/internal/duration"
	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// SparsityBound is 'decost sparsity”s table of the limits of model m under p, the TPOT
// target tpot (as the user gave it) split into p.Stages stages, with a caption that says how
// the bound is made.
func SparsityBound(m *model.Model, limits []cost.SparsityLimit, p cost.SparsityParams, tpot time.Duration) *render.Table {
	t := SparsityTable(limits)
	t.Caption = fmt.Sprintf("Network bound for %s (H %d, L %d, sparsity %s): budget %s ms = 2/3 × %s / %d stages, rounded as the report does; NIC efficiency %v.\n"+
		"min sparsity = H·peak·L / (Net·BW·budget), peak FP8 where the card has it; dense batch = peak/(2·BW) tokens (8-bit weights); MoE batch = dense batch / model sparsity.",
		m.ID, m.Hidden, len(m.Layers), render.Sig(4)(limitsModelSparsity(limits)),
		render.Sig(3)(ms(cost.CommunicationBudgetSeconds(p.TPOTSeconds, p.Stages))), duration.Short(tpot), p.Stages, p.NICEfficiency)
	return t
}

func limitsModelSparsity(ls []cost.SparsityLimit) float64 {
	if len(ls) == 0 {
		return 0
	}
	return ls[0].ModelSparsity
}

// SparsityTable lists the network bound per card, without a caption.
func SparsityTable(ls []cost.SparsityLimit) *render.Table {
	sig := render.Sig(4)
	t := &render.Table{
		Columns: tableColumns(scenarios.SparsityTableColumns(),
			showing(map[string]func(any) string{"min_sparsity": render.Sig(3)}, sig,
				"peak_tflops", "memory_tb_per_s", "network_gb_per_s", "dense_batch", "model_sparsity", "moe_batch"),
			"comm_budget_ms"),
	}
	for _, l := range ls {
		t.Add(l.Hardware, l.PeakFLOPsPerSecond/1e12, l.MemoryBytesPerSecond/1e12, l.NetworkBytesPerSecond/1e9,
			l.MinSparsity, l.DenseBatch, l.ModelSparsity, l.MoEBatch, l.ModelActivatedExperts, l.ActivatedExpertsNeeded,
			l.Clears, ms(l.CommunicationBudgetSeconds))
	}
	return t
}
