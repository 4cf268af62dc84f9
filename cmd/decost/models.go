package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/model"
	"github.com/spf13/cobra"
)

func newModelsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "models",
		Short: "List the built-in models with their computed and quoted parameter counts",
		Long: `models lists the built-in model zoo (docs/design.md §zoo): the Step-3 report's nine models
first, then further public models. For each: hidden size, layers and their pattern (layer kinds and which
layers they are), parameter counts computed from the architecture — total and activated,
with embeddings (input embedding + LM head) — next to the figures the report or the vendor
quotes, KV cache bytes per token of context, and the MoE sparsity.

Computed counts include attention projections, experts and the MoE router; norms, biases and
multi-token-prediction modules are left out (under 1%).`,
		Example: `  decost models
  decost models show step3
  decost models show path/to/config.json --precision bf16`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newModelsShowCmd())
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		ms, err := flagrule.ResolveModels(cmd, "all")
		if err != nil {
			return err
		}
		return emit(cmd, func(w io.Writer) error { return report.ModelsTable(ms).Write(w, f) })
	}
	return cmd
}

func newModelsShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show ID|PATH",
		Short: "Show how decost sees one model: layers, parameter counts, KV bytes, and the config fields it read",
		Long: `show prints one model as decost counts it: its architecture and layer pattern, each kind of
layer (attention, FFN and precision), parameter counts computed from the architecture next to
the quoted ones, KV cache bytes per token, and — for a Hugging Face config.json — the
architecture it was mapped from, every field it used (with the defaults taken for absent
ones), the fields it ignored on purpose and why, and the fields it did not read.

PATH is a config.json or a directory holding one. --precision applies as everywhere.`,
		Example: `  decost models show step3
  decost models show testdata/configs/llama4-maverick
  decost models show ./my-model/config.json --format json`,
		Args: cobra.ExactArgs(1),
	}
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		if strings.Contains(args[0], ",") || args[0] == "all" {
			return fmt.Errorf("models show: one model, got %q", args[0])
		}
		m, imp, err := model.Resolve(args[0]) // a positional argument: no --model in its errors
		if err != nil {
			return fmt.Errorf("models show: %w", err)
		}
		ms := []*model.Model{m}
		if err := flagrule.ApplyPrecisionFlag(cmd, ms); err != nil {
			return err
		}
		r := report.NewModelShow(ms[0], imp)
		return emitRecord(cmd, f, r, r.Table)
	}
	return cmd
}
