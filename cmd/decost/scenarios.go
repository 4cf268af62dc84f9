package main

import (
	"io"

	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/scenarios"
	"github.com/spf13/cobra"
)

func newScenariosCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scenarios",
		Short: "List the built-in scenarios that 'decost sweep NAME' runs",
		Long: `scenarios lists the YAML scenarios built into decost: the Step-3 report's analyses (its cost
table, cost bars per card and with AFD, the Pareto frontier of activated parameters against
AFD cost, its MoE sparsity bound, KV bytes of hybrid models, attention intensity against the
cards' ridges, training against decoding cost), layer times against batch, and AFD plans'
TGS against TPOT. Run one with 'decost sweep NAME'; print its YAML with
'decost sweep NAME --print' to start a scenario of your own.`,
		Args: cobra.NoArgs,
	}
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		var ss []*scenarios.Scenario
		for _, name := range scenarios.BuiltinNames() {
			s, err := scenarios.Builtin(name)
			if err != nil {
				return err
			}
			ss = append(ss, s)
		}
		return emit(cmd, func(w io.Writer) error { return report.ScenariosTable(ss).Write(w, f) })
	}
	return cmd
}
