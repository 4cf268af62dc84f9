package main

import (
	"fmt"

	"github.com/decost/decost/cost"
	"github.com/spf13/cobra"
)

// addMTPFlags adds --mtp and --mtp-accept to cmd; the function it returns reads them. An
// acceptance must be given with --mtp > 0: decost assumes none.
func addMTPFlags(cmd *cobra.Command) func() (cost.MTP, error) {
	k := cmd.Flags().Int("mtp", 0, "multi-token prediction: draft tokens K per step (0: none, one token per step as the report counts)")
	p := cmd.Flags().Float64("mtp-accept", 0, "with --mtp: acceptance p of each draft position given the ones before it (chained: 1 + p + … + p^K tokens credited per step); no default — DeepSeek-V3 reports 0.85–0.9 for its one draft token")
	return func() (cost.MTP, error) {
		m := cost.MTP{DraftTokens: *k, AcceptRate: *p}
		if err := m.Validate(); err != nil {
			return m, fmt.Errorf("--mtp %d --mtp-accept %g: %w", *k, *p, err)
		}
		if m.DraftTokens > 0 && !cmd.Flags().Changed("mtp-accept") {
			return m, fmt.Errorf("--mtp %d needs --mtp-accept: the acceptance of each draft position (DeepSeek-V3 reports 0.85–0.9 for its one draft token)", m.DraftTokens)
		}
		if m.DraftTokens == 0 && cmd.Flags().Changed("mtp-accept") {
			return m, fmt.Errorf("--mtp-accept needs --mtp K > 0 draft tokens")
		}
		return m, nil
	}
}
