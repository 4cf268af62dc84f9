package main

import (
	"fmt"
	"io"

	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/model/reference"
	"github.com/spf13/cobra"
)

// verifyLong is the help of 'decost verify'.
func verifyLong() string {
	return fmt.Sprintf(`verify runs the reference forward pass (model/reference, docs/design.md §reference) on a
scaled-down copy of each model — same layer pattern, attention and FFN kinds, head ratios, top-k and precisions,
small widths, windows of %d tokens — decoding one token at context C = %d with random
weights and a random cache. For every layer kind it prints one row per check:

Counts (ok when expected = measured, exactly):
  expected  the analytic count of package model on the same shape (what 'decost counts' uses),
            adjusted by the term the check's name spells out, where there is one:
              MLA and sparse MLA: the pass does PV at the latent width c; the report counts
                   it at c+p, so the analytic core is larger by 2·n·p·C'
              router: measured as its own term; the analytic FFN adds it only with --router
            Linear attention needs no adjustment: pass and counts both do 5 FLOPs per state
            element for Lightning (decay, rank-one update, read-out) and 7 for Gated DeltaNet
            (the delta rule adds kᵀS) plus 2·K per channel for its convolution. Sparse
            attention's indexer (scores 2·n_I·d_I·C + weighting 2·n_I·C) and its index key
            bytes (FP8 keys + FP32 scales) are checked as their own terms.
  measured  what the pass counted through its one counting helper (FLOPs, bytes, elements)

Equivalences (ok when measured ≤ expected):
  expected  the bound on the relative error, %g
  measured  the relative error ‖a − b‖/‖b‖ between the pass and a textbook equivalent: the
            direct softmax formula (with the output gate where there is one), MHA with
            repeated KV heads, MFA's explicit full-rank query, MLA naive against absorbed,
            a window against full attention over the last w tokens, sparse MLA against
            naive MLA over the top-k of the indexer written out (and a top-k covering the
            whole context against dense MLA), Lightning's parallel form, Gated DeltaNet's
            transition form S ← e^g·(I − β·k·kᵀ)·S + β·k·vᵀ, the experts summed one by one

The exit code is non-zero if any check fails; stderr then names the first failing model,
layer kind and term.`, reference.Window, reference.Context, reference.Tolerance)
}

func newVerifyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check the analytic counts against a reference forward pass on scaled-down models",
		Long:  verifyLong(),
		Example: `  decost verify
  decost verify --model step3,deepseek-v3
  decost verify --model minimax-m1 --format json`,
		Args: cobra.NoArgs,
	}
	modelIDs := cmd.Flags().String("model", "all", "models: comma list of ids or paths to a Hugging Face config.json (or its directory), or all")
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		ms, err := flagrule.ResolveModels(cmd, *modelIDs)
		if err != nil {
			return err
		}
		checks := make([][]reference.Check, len(ms))
		for i, m := range ms {
			if checks[i], err = reference.Verify(m); err != nil {
				return err
			}
		}
		t, failed := report.VerifyTable(ms, checks)
		if err := emit(cmd, func(w io.Writer) error { return t.Write(w, f) }); err != nil {
			return err
		}
		if len(failed) > 0 {
			return fmt.Errorf("verify: %d of %d checks failed; first: %s", len(failed), len(t.Rows), failed[0])
		}
		return nil
	}
	return cmd
}
