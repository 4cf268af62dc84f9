package main

import (
	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/spf13/cobra"
)

func newCountsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "counts",
		Short: "Per-token FLOP and byte counts of a model at a context, per layer kind and in total",
		Long: `counts shows what decoding one token at context C costs a model, before any hardware
(docs/design.md §counting), per layer kind (layers that are exactly alike) and in total:

  kv_bytes         KV cache bytes read (cached elements × bytes × min(C, window); a linear-
                   attention state counts twice, read and written, whatever C)
  attention_flops  attention core FLOPs (QK and PV; MLA in the absorbed form)
  linear_flops     attention projection FLOPs (2 × projection weights; MLA not absorbed)
  ffn_flops        FFN FLOPs (2 × activated expert weights; router and LM head only on request)

and the attention's arithmetic intensity (core FLOPs per KV byte), its effective rank (query
heads × per-head QK width without RoPE), and the parameter counts computed from the
architecture (with embeddings; json also carries them without).`,
		Example: `  decost counts --model step3 --context 8192
  decost counts --model llama4-maverick --context 128k --format json`,
		Args: cobra.NoArgs,
	}
	modelID := cmd.Flags().String("model", "step3", "model id (see 'decost models') or path to a Hugging Face config.json (or its directory)")
	context := cmd.Flags().String("context", "8192", "context in tokens; 8k = 8192")
	format := flagrule.FormatFlag(cmd)
	opt := flagrule.CountOptionFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		m, c, err := flagrule.OneModelAt(cmd, *modelID, *context)
		if err != nil {
			return err
		}
		r := report.NewCounts(m, c, *opt)
		return emitRecord(cmd, f, r, r.Table)
	}
	return cmd
}
