package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/internal/duration"
	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/spf13/cobra"
)

// sparsityLong is the help of 'decost sparsity'.
const sparsityLong = `sparsity reproduces the Step-3 report's MoE sparsity analysis per card (docs/design.md
§sparsity):

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
7168 and 61); "needed" is ⌈min sparsity × (routed + shared)⌉ activated experts.`

func newSparsityCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sparsity",
		Short: "Minimum MoE sparsity under the network bound, and batch thresholds, per card",
		Long:  sparsityLong,
		Example: `  decost sparsity
  decost sparsity --model deepseek-v3 --hardware all --nic-efficiency 0.8
  decost sparsity --tpot 30ms --stages 4 --format json`,
		Args: cobra.NoArgs,
	}
	modelID := cmd.Flags().String("model", "step3", "model whose H and L set the bound, and whose sparsity is checked")
	hw := cmd.Flags().String("hardware", flagrule.DefaultHardware, "cards: comma list of ids, or all (every card with a NIC)")
	var tpot time.Duration
	cmd.Flags().Var(duration.NewValue(&tpot, duration.Seconds(cost.DefaultTPOTSeconds), tpotRange), "tpot", "time per output token target, with its unit (50ms)")
	stages := cmd.Flags().Int("stages", cost.DefaultPipelineStages, "pipeline stages (attention, FFN, communication)")
	eff := cmd.Flags().Float64("nic-efficiency", cost.DefaultSparsityNICEfficiency, "achieved fraction of the NIC line rate, in (0, 1]")
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		m, err := flagrule.OneModel(cmd, *modelID)
		if err != nil {
			return err
		}
		if *stages < 1 {
			return fmt.Errorf("--stages %d: must be at least 1", *stages)
		}
		if !(*eff > 0 && *eff <= 1) {
			return fmt.Errorf("--nic-efficiency %v: must be in (0, 1]", *eff)
		}
		cat, err := flagrule.ResolveCatalogue(cmd, nil)
		if err != nil {
			return err
		}
		cards, err := flagrule.ParseHardware(cat, *hw, false)
		if err != nil {
			return err
		}
		p := cost.SparsityParams{TPOTSeconds: tpot.Seconds(), Stages: *stages, NICEfficiency: *eff}
		all := strings.TrimSpace(*hw) == "all"
		var limits []cost.SparsityLimit
		for _, c := range cards {
			if all && c.NodeNICBytesPerSecond() == 0 {
				continue
			}
			l, err := cost.SparsityLimitOf(m, c, p)
			if err != nil {
				return sparsityError(err)
			}
			limits = append(limits, l)
		}
		return emit(cmd, func(w io.Writer) error { return report.SparsityBound(m, limits, p, tpot).Write(w, f) })
	}
	return cmd
}

// sparsityError names the flag that set what cost.SparsityLimitOf refused: --model for a
// dense model, --tpot for a TPOT below every model's reach, --hardware for a card without NIC.
func sparsityError(err error) error {
	flag := "sparsity"
	switch {
	case errors.Is(err, cost.ErrDenseModel):
		flag = "--model"
	case errors.Is(err, cost.ErrTPOTTooShort):
		flag = "--tpot"
	case errors.Is(err, cost.ErrNoNIC):
		flag = "--hardware"
	}
	return fmt.Errorf("%s: %w", flag, err)
}
