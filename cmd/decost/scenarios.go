package main

import (
	"io"

	"github.com/decost/decost/render"
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
	format := formatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		t := &render.Table{Columns: []render.Column{
			{Key: "name", Header: "name"},
			{Key: "analysis", Header: "analysis"},
			{Key: "points", Header: "points"},
			{Key: "outputs", Header: "files"},
			{Key: "description", Header: "description"},
		}}
		for _, name := range scenarios.BuiltinNames() {
			s, err := scenarios.Builtin(name)
			if err != nil {
				return err
			}
			t.Add(s.Name, string(s.Analysis), s.Points(), len(s.OutputFiles()), s.Description)
		}
		return emit(cmd, func(w io.Writer) error { return t.Write(w, f) })
	}
	return cmd
}
