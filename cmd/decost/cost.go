package main

import (
	"io"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/spf13/cobra"
)

func newCostCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cost",
		Short: "Theoretical decoding cost per 1M tokens, the Step-3 report's method",
		Long: `cost compares the theoretical decoding cost of models on accelerators at given contexts, as
the Step-3 report does (docs/design.md §cost). Per decoded token at context C on card X:

  attention = max(core FLOPs × $/FLOP, KV bytes × $/byte) + linear FLOPs × $/FLOP
  FFN       = activated FFN FLOPs × $/FLOP
  total     = attention + FFN                        (one card does both)
  afd       = min over X of attention + min over Y of FFN   (communication free)

with $/FLOP = price / 3600 / peak FLOP/s (FP8 where model and card have it, else BF16) and
$/byte = price / 3600 / memory bandwidth. Costs are ideal (100% of peak) in USD per 10^6
decoded tokens. "bound" says which term binds the attention core on that card.

With no flags it compares step3, deepseek-v3 and qwen3-235b-a22b on h800, h20, a800 and
910b at 8192 and 32768 tokens.

--mtp K --mtp-accept p prices multi-token prediction per accepted token: each step runs 1 + K
tokens per sequence (K + 1 times the core, projection and FFN FLOPs) over one read of the KV
cache and is credited 1 + p + … + p^K tokens (the MTP layers' own cost is not counted). The
default, --mtp 0, is the report's one token per step.

The json and csv forms carry every number unrounded, and also the training cost per 1M
tokens at 100% MFU (3 × (core FLOPs at 8K + linear + FFN) × $/FLOP), the unit costs and the
split of the attention cost.`,
		Example: `  decost cost
  decost cost --model all --context 8k,32k --format json
  decost cost --model step3 --hardware h800,h20 --context 128k --price h20=0.9
  decost cost --model deepseek-v3 --hardware h800,h20 --context 8k --mtp 1 --mtp-accept 0.85`,
		Args: cobra.NoArgs,
	}
	models := cmd.Flags().String("model", flagrule.DefaultModels, "models: comma list of ids (see 'decost models') or paths to a Hugging Face config.json (or its directory), or all")
	hw := cmd.Flags().String("hardware", flagrule.DefaultHardware, "cards: comma list of ids (see 'decost hardware'), or all (every card with a price)")
	contexts := cmd.Flags().String("context", flagrule.DefaultContexts, "contexts in tokens: comma list; 8k = 8192, 32K = 32768")
	prices := flagrule.PriceFlag(cmd)
	format := flagrule.FormatFlag(cmd)
	opt := flagrule.CountOptionFlags(cmd)
	mtp := addMTPFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		m, err := mtp()
		if err != nil {
			return err
		}
		cs, err := flagrule.ParseContexts(*contexts)
		if err != nil {
			return err
		}
		ms, err := flagrule.ResolveModelsAt(cmd, *models, cs)
		if err != nil {
			return err
		}
		cat, err := flagrule.ResolveCatalogue(cmd, *prices)
		if err != nil {
			return err
		}
		cards, err := flagrule.ParseHardware(cat, *hw, true)
		if err != nil {
			return err
		}
		cmp, err := cost.CompareMTP(ms, cards, cs, *opt, m)
		if err != nil {
			return err
		}
		return emit(cmd, func(w io.Writer) error { return report.CostTable(cmp).Write(w, f) })
	}
	return cmd
}
