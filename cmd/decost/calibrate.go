package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

func newCalibrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calibrate",
		Short: "Fit a calibration profile (fractions of peak and bandwidth, kernel overhead) to measurements",
		Long: `calibrate reads kernel measurements (CSV in the format of testdata/h200/gemm.csv: columns
kind, dtype, ms, flops, bytes, and optionally model, method, T, M, N, K) taken on one card,
and fits the profile decost uses for calibrated times (DESIGN §5, §8):

  t = max(FLOPs / (peak_f × compute fraction_f), bytes / (bandwidth × bandwidth fraction)) + overhead

by least squares on the relative error (gonum), with peak_f and bandwidth from the card's
datasheet. It prints the profile, the fit error (median and worst relative error) and every
measurement next to its ideal and calibrated time. With -o it writes the profile as YAML,
usable with 'decost roofline --profile FILE'.

Left out of the fit (but listed): 'copy' rows (a CUDA-graph memcpy node, slower than a
launched copy; 'read' is the bandwidth ceiling), and FP8 rows that are memory-bound on the
ideal roofline (small T), where the stock FP8 path is weaker than tuned kernels.

The built-in calibrated profile is this command's fit of testdata/h200/gemm.csv on h200.`,
		Example: `  decost calibrate --measurements testdata/h200/gemm.csv --hardware h200
  decost calibrate --measurements a.csv,b.csv --hardware h100 -o h100.yaml --name h100-vllm`,
		Args: cobra.NoArgs,
	}
	files := cmd.Flags().StringSlice("measurements", nil, "measurement CSV files (comma list or repeated)")
	hwID := cmd.Flags().String("hardware", "h200", "the card the measurements were taken on")
	out := cmd.Flags().StringP("output", "o", "", "write the fitted profile to this YAML file")
	name := cmd.Flags().String("name", "", "the profile's name (default HARDWARE-calibrated)")
	format := formatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		if len(*files) == 0 {
			return fmt.Errorf("--measurements: no file given")
		}
		hw, err := oneCard(cmd, *hwID)
		if err != nil {
			return err
		}
		var ms []hardware.Measurement
		var sources []string
		for _, path := range *files {
			got, err := readMeasurementFile(path)
			if err != nil {
				return err
			}
			for range got {
				sources = append(sources, filepath.Base(path))
			}
			ms = append(ms, got...)
		}
		n := *name
		if n == "" {
			n = hw.ID + "-calibrated"
		}
		c, err := hardware.Calibrate(hw, ms, n)
		if err != nil {
			return err
		}
		if *out != "" {
			if err := render.WriteFile(*out, c.Profile.WriteYAML); err != nil {
				return err
			}
		}
		return emit(cmd, func(w io.Writer) error {
			if f == render.JSON {
				return render.WriteJSON(w, report.NewCalibration(c, sources))
			}
			if f != render.CSV {
				if _, err := io.WriteString(w, report.ProfileSummary(hw, c, *out, f)); err != nil {
					return err
				}
			}
			return report.CalibrationTable(c, sources).Write(w, f)
		})
	}
	return cmd
}

func readMeasurementFile(path string) ([]hardware.Measurement, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--measurements: %w", err)
	}
	defer r.Close()
	ms, err := hardware.ReadMeasurements(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ms, nil
}
