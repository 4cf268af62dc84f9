package main

import (
	"fmt"
	"io"
	"time"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

func newSparsityCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sparsity",
		Short: "Minimum MoE sparsity under the network bound, and batch thresholds, per card",
		Long: `sparsity reproduces the Step-3 report's MoE sparsity analysis (DESIGN §7) per card:

  dense batch   B = peak / (2 · BW)          tokens a dense FFN with 8-bit weights needs to
                                             reach its compute roof
  MoE batch     B / S                        for a model of sparsity S = (top-k + shared) /
                                             (routed + shared)
  min sparsity  S ≥ H · peak · L / (Net · BW · budget)

where each token sends 3·H bytes per layer to the FFN and back (H in FP8 out, 2·H in BF16
back), all L layers must fit one pipeline stage, TPOT/stages, and the budget = 2/3 of
TPOT/stages (2 FLOPs per weight byte over 3 bytes per hidden element), rounded to three
significant digits as the report rounds it: 50 ms / 3 stages → 16.67 ms → 11.1 ms. Peak is
FP8 where the card has it (BF16 otherwise); Net is the node's NICs (8 per node) × line rate
× --nic-efficiency (DeepEP measured about 0.8). H and L come from --model (default step3:
7168 and 61); "needed" is ⌈min sparsity × (routed + shared)⌉ activated experts.`,
		Example: `  decost sparsity
  decost sparsity --model deepseek-v3 --hardware all --nic-efficiency 0.8
  decost sparsity --tpot 30ms --stages 4 --format json`,
		Args: cobra.NoArgs,
	}
	modelID := cmd.Flags().String("model", "step3", "model whose H and L set the bound, and whose sparsity is checked")
	hw := cmd.Flags().String("hardware", defaultHardware, "cards: comma list of ids, or all (every card with a NIC)")
	tpot := cmd.Flags().Duration("tpot", 50*time.Millisecond, "time per output token target, e.g. 50ms")
	stages := cmd.Flags().Int("stages", cost.DefaultPipelineStages, "pipeline stages (attention, FFN, communication)")
	eff := cmd.Flags().Float64("nic-efficiency", 1.0, "achieved fraction of the NIC line rate, in (0, 1]")
	format := formatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		m, err := oneModel(cmd, *modelID)
		if err != nil {
			return err
		}
		if *tpot <= 0 {
			return fmt.Errorf("--tpot %s: must be a positive time", *tpot)
		}
		if *stages < 1 {
			return fmt.Errorf("--stages %d: must be at least 1", *stages)
		}
		if !(*eff > 0 && *eff <= 1) {
			return fmt.Errorf("--nic-efficiency %v: must be in (0, 1]", *eff)
		}
		cat, err := resolveCatalogue(cmd, nil)
		if err != nil {
			return err
		}
		cards, err := parseHardware(cat, *hw, false)
		if err != nil {
			return err
		}
		p := cost.SparsityParams{TPOTSeconds: tpot.Seconds(), Stages: *stages, NICEfficiency: *eff}
		all := len(splitList(*hw)) == 1 && splitList(*hw)[0] == "all"
		var limits []cost.SparsityLimit
		for _, c := range cards {
			if all && c.NodeNICBytesPerSecond() == 0 {
				continue
			}
			l, err := cost.SparsityLimitOf(m, c, p)
			if err != nil {
				return fmt.Errorf("--hardware: %w", err)
			}
			limits = append(limits, l)
		}
		return emit(cmd, func(w io.Writer) error {
			t := sparsityTable(limits)
			t.Caption = fmt.Sprintf("Network bound for %s (H %d, L %d, sparsity %s): budget %s ms = 2/3 × %s / %d stages, rounded as the report does; NIC efficiency %v.\n"+
				"min sparsity = H·peak·L / (Net·BW·budget), peak FP8 where the card has it; dense batch = peak/(2·BW) tokens (8-bit weights); MoE batch = dense batch / model sparsity.",
				m.ID, m.Hidden, len(m.Layers), render.Sig(4)(limitsModelSparsity(limits)),
				render.Sig(3)(ms(cost.CommunicationBudgetSeconds(p.TPOTSeconds, p.Stages))), *tpot, *stages, *eff)
			return t.Write(w, f)
		})
	}
	return cmd
}

func limitsModelSparsity(ls []cost.SparsityLimit) float64 {
	if len(ls) == 0 {
		return 0
	}
	return ls[0].ModelSparsity
}

func sparsityTable(ls []cost.SparsityLimit) *render.Table {
	sig := render.Sig(4)
	t := &render.Table{
		Columns: []render.Column{
			{Key: "hardware", Header: "hardware"},
			{Key: "peak_tflops", Header: "peak TFLOP/s", Show: sig},
			{Key: "memory_tb_per_s", Header: "HBM TB/s", Show: sig},
			{Key: "network_gb_per_s", Header: "node net GB/s", Show: sig},
			{Key: "min_sparsity", Header: "min sparsity", Show: render.Sig(3)},
			{Key: "dense_batch", Header: "dense batch", Show: sig},
			{Key: "model_sparsity", Header: "model sparsity", Show: sig},
			{Key: "moe_batch", Header: "MoE batch", Show: sig},
			{Key: "model_activated_experts", Header: "activated experts"},
			{Key: "activated_experts_needed", Header: "needed"},
			{Key: "clears", Header: "clears bound"},
			{Key: "comm_budget_ms", Header: "budget ms", Detail: true},
		},
	}
	for _, l := range ls {
		t.Add(l.Hardware, l.PeakFLOPsPerSecond/1e12, l.MemoryBytesPerSecond/1e12, l.NetworkBytesPerSecond/1e9,
			l.MinSparsity, l.DenseBatch, l.ModelSparsity, l.MoEBatch, l.ModelActivatedExperts, l.ActivatedExpertsNeeded,
			l.Clears, ms(l.CommunicationBudgetSeconds))
	}
	return t
}
