package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
	"github.com/decost/decost/render"
)

// ProfileSummary is the fitted profile and its error, in words, above the table.
func ProfileSummary(hw hardware.Accelerator, c hardware.Calibration, out string, f render.Format) string {
	p := c.Profile
	pct := func(x float64) string { return render.Sig(3)(100*x) + "%" }
	lines := []string{
		fmt.Sprintf("Profile %s (%s):", p.Name, p.Source),
		fmt.Sprintf("  compute fraction   bf16 %s (%s TFLOP/s), fp8 %s (%s TFLOP/s)",
			render.Sig(4)(p.ComputeFraction.BF16), render.Sig(4)(p.ComputeFraction.BF16*hw.PeakFLOPs("bf16")/1e12),
			render.Sig(4)(p.ComputeFraction.FP8), render.Sig(4)(p.ComputeFraction.FP8*hw.PeakFLOPs("fp8")/1e12)),
		fmt.Sprintf("  bandwidth fraction %s (%s TB/s)", render.Sig(4)(p.BandwidthFraction), render.Sig(4)(p.BandwidthFraction*hw.MemoryBytesPerSecond/1e12)),
		fmt.Sprintf("  kernel overhead    %s µs", render.Sig(4)(us(p.KernelOverheadSeconds))),
		fmt.Sprintf("Fit error |calibrated − measured| / measured: median %s, worst %s over the %d fitted rows;",
			pct(c.Fitted.MedianRelativeError), pct(c.Fitted.WorstRelativeError), c.Fitted.Rows),
		fmt.Sprintf("  median %s, worst %s over all %d rows.", pct(c.All.MedianRelativeError), pct(c.All.WorstRelativeError), c.All.Rows),
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

// CalibrationTable lists every measurement with its ideal and calibrated time under the
// fitted profile; sources[i] names the file of row i.
func CalibrationTable(c hardware.Calibration, sources []string) *render.Table {
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

// CalibrationRow is one measurement in the JSON form, times in microseconds.
type CalibrationRow struct {
	// Source is the measurement's file:line; Measurement its label.
	Source      string `json:"source"`
	Measurement string `json:"measurement"`
	// FLOPs and Bytes are the measured kernel's work.
	FLOPs float64 `json:"flops"`
	Bytes float64 `json:"bytes"`
	// MeasuredUS, IdealUS and CalibratedUS are its time in µs: measured, on the ideal
	// roofline and with the fitted profile.
	MeasuredUS   float64 `json:"measured_us"`
	IdealUS      float64 `json:"ideal_us"`
	CalibratedUS float64 `json:"calibrated_us"`
	// RelativeError is (calibrated − measured) / measured.
	RelativeError float64 `json:"relative_error"`
	// Fitted says the row was used in the fit; Note why not, when it was not.
	Fitted bool   `json:"fitted"`
	Note   string `json:"note,omitempty"`
}

// Calibration is the JSON form of 'decost calibrate': the fitted profile, its error and
// every measurement.
type Calibration struct {
	// Hardware is the card's id; Profile the fitted profile.
	Hardware string           `json:"hardware"`
	Profile  hardware.Profile `json:"profile"`
	// Fitted and All sum up the fit error over the fitted rows and over every row.
	Fitted hardware.FitSummary `json:"fitted"`
	All    hardware.FitSummary `json:"all"`
	// Rows are the measurements in file order.
	Rows []CalibrationRow `json:"rows"`
}

// NewCalibration converts a fit; sources[i] names the file of row i.
func NewCalibration(c hardware.Calibration, sources []string) Calibration {
	out := Calibration{Hardware: c.Hardware, Profile: c.Profile, Fitted: c.Fitted, All: c.All}
	for i, r := range c.Rows {
		out.Rows = append(out.Rows, CalibrationRow{
			Source: fmt.Sprintf("%s:%d", sources[i], r.Line), Measurement: r.Label(), FLOPs: r.FLOPs, Bytes: r.Bytes,
			MeasuredUS: us(r.Seconds), IdealUS: us(r.IdealSeconds), CalibratedUS: us(r.CalibratedSeconds),
			RelativeError: r.RelativeError, Fitted: r.Fitted, Note: r.Note,
		})
	}
	return out
}

// KernelTables lists the kernel tables 'decost calibrate --kernel-table' wrote to path: id,
// points and axes of each.
func KernelTables(w io.Writer, path string, ts []*kernels.Table) error {
	if _, err := fmt.Fprintf(w, "wrote %d kernel tables to %s:\n", len(ts), path); err != nil {
		return err
	}
	for _, t := range ts {
		if _, err := fmt.Fprintf(w, "  %s  %d points (%s)\n", t.ID, len(t.Points), strings.Join(kernels.Axes(t.Op), ", ")); err != nil {
			return err
		}
	}
	return nil
}

// WriteCalibration writes fit c of card hw in format f: its JSON record, or the profile
// summary (but in CSV) above the table of measurements; sources[i] names the file of row i,
// out the file the profile was written to ("" for none).
func WriteCalibration(w io.Writer, f render.Format, hw hardware.Accelerator, c hardware.Calibration, sources []string, out string) error {
	if f == render.JSON {
		return render.WriteJSON(w, NewCalibration(c, sources))
	}
	if f != render.CSV {
		if _, err := io.WriteString(w, ProfileSummary(hw, c, out, f)); err != nil {
			return err
		}
	}
	return CalibrationTable(c, sources).Write(w, f)
}
