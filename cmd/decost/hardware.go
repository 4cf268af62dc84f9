package main

import (
	"io"

	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/spf13/cobra"
)

func newHardwareCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hardware",
		Short: "List the accelerator catalogue: peaks, bandwidth, memory, network, price, unit costs",
		Long: `hardware lists the built-in accelerators (docs/design.md §hardware). The first four rows
(h800, h20, a800, 910b) are the Step-3 report's and are kept exactly; the other prices are
indicative market prices, overridable with --price. Rates are dense peaks.

Unit costs are the report's: $/FLOP = price / 3600 / peak FLOP/s (FP8 where the card has it,
else BF16), $/byte = price / 3600 / memory bandwidth. The ridge point (peak ÷ bandwidth, in
FLOP per byte) is where an operation turns from memory-bound to compute-bound.`,
		Example: `  decost hardware
  decost hardware show h20
  decost hardware --hardware-file my-cards.yaml --price h200=3.1`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newHardwareShowCmd())
	prices := flagrule.PriceFlag(cmd)
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		cat, err := flagrule.ResolveCatalogue(cmd, *prices)
		if err != nil {
			return err
		}
		cards, err := flagrule.ParseHardware(cat, "all", false)
		if err != nil {
			return err
		}
		return emit(cmd, func(w io.Writer) error { return report.HardwareTable(cards).Write(w, f) })
	}
	return cmd
}

func newHardwareShowCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show one accelerator: peaks, memory, network, price, unit costs and its calibration profile",
		Long: `show prints one accelerator of the catalogue (built-in, or from --hardware-file): its dense
peak rates per format, memory bandwidth and capacity, network, price, the ridge points and
unit costs the analyses use, and the calibration profile that calibrated times on it use (the
card's own from --hardware-file, else the built-in default fitted on H200; docs/design.md
§calibration).`,
		Example: `  decost hardware show h800
  decost hardware show my-h20 --hardware-file my-cards.yaml --format json`,
		Args: cobra.ExactArgs(1),
	}
	prices := flagrule.PriceFlag(cmd)
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		cat, err := flagrule.ResolveCatalogue(cmd, *prices)
		if err != nil {
			return err
		}
		a, err := cat.Get(args[0])
		if err != nil {
			return err
		}
		prof, fromFile, err := flagrule.ResolveProfile(cmd, a.ID)
		if err != nil {
			return err
		}
		r := report.NewHardwareShow(a, prof, fromFile)
		return emitRecord(cmd, f, r, r.Table)
	}
	return cmd
}
