package main

import (
	"github.com/decost/decost"
	"github.com/decost/decost/anchors"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

func newAnchorsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "anchors",
		Short: "Score the deployment model against published decode measurements",
		Long: `anchors runs each published decode measurement shipped with decost (testdata/anchors: model,
cards, layout, batch, context, precision, MTP, overlap schedule, source, measured TGS and the error
band decost claims) through the same deployment model as 'decost deploy' and prints, per anchor,
the measured TGS (output tokens per GPU per second), decost's ideal and calibrated TGS and the
calibrated error, (calibrated − measured) / measured.

ideal: 100% of peak and bandwidth, no latency, balanced load, so it must be at least the
measured TGS; calibrated: the built-in catalogue, the card's default calibration profile and the
default network assumptions — nothing is fitted to the anchors. --hardware-file and --precision
do not apply: each anchor states its own cards and precision.`,
		Example: `  decost anchors
  decost anchors --format json`,
		Args: cobra.NoArgs,
	}
	format := formatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		as, err := anchors.Load(decost.AnchorFiles, decost.AnchorDir)
		if err != nil {
			return err
		}
		rs, err := anchors.EvaluateAll(as)
		if err != nil {
			return err
		}
		return emitRecord(cmd, f, report.Anchors(rs), func() *render.Table { return report.AnchorsTable(rs) })
	}
	return cmd
}
