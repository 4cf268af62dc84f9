package main

import (
	"fmt"
	"io/fs"
	"os"

	"github.com/decost/decost"
	"github.com/decost/decost/anchors"
	"github.com/decost/decost/internal/flagrule"
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
do not apply (and are refused): each anchor states its own cards and precision.

--dir DIR scores your own measurements instead: every *.yaml in DIR, in the format of the
shipped files (one measurement each, the file named after its id; see testdata/anchors).`,
		Example: `  decost anchors
  decost anchors --format json
  decost anchors --dir my-cluster-runs/`,
		Args: cobra.NoArgs,
	}
	format := flagrule.FormatFlag(cmd)
	dir := cmd.Flags().String("dir", "", "score the *.yaml measurements in this directory instead of the shipped anchors")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err == nil {
			err = flagrule.Inapplicable(cmd, "each anchor states its own cards and precision", flagrule.PrecisionFlag, flagrule.HardwareFileFlag)
		}
		if err != nil {
			return err
		}
		var fsys fs.FS = decost.AnchorFiles
		at, where := decost.AnchorDir, "anchors"
		if *dir != "" {
			if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
				return fmt.Errorf("--dir %s: not a directory", *dir)
			}
			fsys, at, where = os.DirFS(*dir), ".", "--dir "+*dir
		}
		as, err := anchors.Load(fsys, at)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		rs, err := anchors.EvaluateAll(as)
		if err != nil {
			return err
		}
		return emitRecord(cmd, f, report.Anchors(rs), func() *render.Table { return report.AnchorsTable(rs) })
	}
	return cmd
}
