package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/decost/decost/hardware"
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
				return render.WriteJSON(w, calibrationJSON(c, sources))
			}
			if f != render.CSV {
				if _, err := io.WriteString(w, profileSummary(hw, c, *out, f)); err != nil {
					return err
				}
			}
			return calibrationTable(c, sources).Write(w, f)
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

// profileSummary is the fitted profile and its error, in words, above the table.
func profileSummary(hw hardware.Accelerator, c hardware.Calibration, out string, f render.Format) string {
	p := c.Profile
	pct := func(x float64) string { return render.Sig(3)(100*x) + "%" }
	lines := []string{
		fmt.Sprintf("Profile %s (%s):", p.Name, p.Source),
		fmt.Sprintf("  compute fraction   bf16 %s (%s TFLOP/s), fp8 %s (%s TFLOP/s)",
			render.Sig(4)(p.ComputeFraction.BF16), render.Sig(4)(p.ComputeFraction.BF16*hw.PeakFLOPs("bf16")/1e12),
			render.Sig(4)(p.ComputeFraction.FP8), render.Sig(4)(p.ComputeFraction.FP8*hw.PeakFLOPs("fp8")/1e12)),
		fmt.Sprintf("  bandwidth fraction %s (%s TB/s)", render.Sig(4)(p.BandwidthFraction), render.Sig(4)(p.BandwidthFraction*hw.MemoryBytesPerSecond/1e12)),
		fmt.Sprintf("  kernel overhead    %s µs", render.Sig(4)(us(p.KernelOverheadSeconds))),
		fmt.Sprintf("Fit error |calibrated − measured| / measured: median %s, worst %s over the %d fitted rows; median %s, worst %s over all %d rows.",
			pct(c.Fitted.MedianRelativeError), pct(c.Fitted.WorstRelativeError), c.Fitted.Rows,
			pct(c.All.MedianRelativeError), pct(c.All.WorstRelativeError), c.All.Rows),
	}
	if out != "" {
		lines = append(lines, "Profile written to "+out+".")
	}
	sep := "\n"
	if f == render.Markdown {
		sep = "  \n" // Markdown line breaks
	}
	return strings.Join(lines, sep) + "\n\n"
}

func calibrationTable(c hardware.Calibration, sources []string) *render.Table {
	sig := render.Sig(4)
	t := &render.Table{
		Columns: []render.Column{
			{Key: "source", Header: "file:line"},
			{Key: "measurement", Header: "measurement"},
			{Key: "flops", Header: "FLOPs", Show: render.Sig(3)},
			{Key: "bytes", Header: "bytes", Show: render.Sig(3)},
			{Key: "measured_us", Header: "measured µs", Show: sig},
			{Key: "ideal_us", Header: "ideal µs", Show: sig},
			{Key: "calibrated_us", Header: "calibrated µs", Show: sig},
			{Key: "relative_error", Header: "error", Show: func(v any) string { return fmt.Sprintf("%+.1f%%", 100*v.(float64)) }},
			{Key: "fitted", Header: "fitted"},
			{Key: "note", Header: "note", Detail: true},
		},
		Caption: "ideal: roofline at 100% of the datasheet; calibrated: the fitted profile; error = (calibrated − measured) / measured.\n" +
			"Not fitted: " + strings.Join([]string{"copy rows (graph memcpy node; read is the ceiling)", "FP8 rows memory-bound on the ideal roofline (weak stock FP8 path at small T)"}, "; ") + ".",
	}
	for i, r := range c.Rows {
		t.Add(fmt.Sprintf("%s:%d", sources[i], r.Line), r.Label(), r.FLOPs, r.Bytes, us(r.Seconds), us(r.IdealSeconds),
			us(r.CalibratedSeconds), r.RelativeError, r.Fitted, r.Note)
	}
	return t
}

// calibrationRowJSON is one measurement in the JSON form, times in microseconds.
type calibrationRowJSON struct {
	Source        string  `json:"source"`
	Measurement   string  `json:"measurement"`
	FLOPs         float64 `json:"flops"`
	Bytes         float64 `json:"bytes"`
	MeasuredUS    float64 `json:"measured_us"`
	IdealUS       float64 `json:"ideal_us"`
	CalibratedUS  float64 `json:"calibrated_us"`
	RelativeError float64 `json:"relative_error"`
	Fitted        bool    `json:"fitted"`
	Note          string  `json:"note,omitempty"`
}

type calibrationOutJSON struct {
	Hardware string               `json:"hardware"`
	Profile  hardware.Profile     `json:"profile"`
	Fitted   hardware.FitSummary  `json:"fitted"`
	All      hardware.FitSummary  `json:"all"`
	Rows     []calibrationRowJSON `json:"rows"`
}

func calibrationJSON(c hardware.Calibration, sources []string) calibrationOutJSON {
	out := calibrationOutJSON{Hardware: c.Hardware, Profile: c.Profile, Fitted: c.Fitted, All: c.All}
	for i, r := range c.Rows {
		out.Rows = append(out.Rows, calibrationRowJSON{
			Source: fmt.Sprintf("%s:%d", sources[i], r.Line), Measurement: r.Label(), FLOPs: r.FLOPs, Bytes: r.Bytes,
			MeasuredUS: us(r.Seconds), IdealUS: us(r.IdealSeconds), CalibratedUS: us(r.CalibratedSeconds),
			RelativeError: r.RelativeError, Fitted: r.Fitted, Note: r.Note,
		})
	}
	return out
}
