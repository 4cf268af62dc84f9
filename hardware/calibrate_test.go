package hardware

import (
	"math"
	"testing"

	"github.com/decost/decost/precision"
)

// TestCalibrateRecovers: times made from a known profile give that profile back.
func TestCalibrateRecovers(t *testing.T) {
	h800, _ := Builtin().Get("h800")
	want := Profile{Name: "known", ComputeFraction: ComputeFractions{BF16: 0.5, FP8: 0.4}, BandwidthFraction: 0.8, KernelOverheadSeconds: 5e-6}
	var ms []Measurement
	for i, r := range []struct {
		flops, bytes float64
		f            precision.Format
	}{
		// Memory-bound: 3.35e9 B / (3.35e12 · 0.8) = 1.25 ms (+5 µs).
		{0, 3.35e9, precision.BF16},
		{1e9, 1e8, precision.BF16},
		// FP8 and memory-bound on the ideal roofline: left out of the fit by policy.
		{1e9, 2e8, precision.FP8},
		// Compute-bound: 9.89e11 / (9.89e14 · 0.5) = 2 ms; 1.98e12 / (1.98e15 · 0.4) = 2.5 ms.
		{9.89e11, 1e8, precision.BF16},
		{1.98e12, 1e8, precision.FP8},
		{5e11, 2e7, precision.BF16},
		{4e12, 3e8, precision.FP8},
		{1e6, 1e5, precision.BF16},
	} {
		ms = append(ms, Measurement{Line: i + 2, Kind: "synthetic", Format: r.f, FLOPs: r.flops, Bytes: r.bytes,
			Seconds: h800.CalibratedSeconds(want, r.flops, r.bytes, r.f)})
	}
	if ms[0].Seconds != 1.25e-3+5e-6 || ms[3].Seconds != 2e-3+5e-6 || math.Abs(ms[4].Seconds-(2.5e-3+5e-6)) > 1e-15 {
		t.Fatalf("hand-computed times: %v %v %v", ms[0].Seconds, ms[3].Seconds, ms[4].Seconds)
	}
	c, err := Calibrate(h800, ms, "known")
	if err != nil {
		t.Fatal(err)
	}
	got := c.Profile
	for _, x := range [][2]float64{
		{got.ComputeFraction.BF16, 0.5}, {got.ComputeFraction.FP8, 0.4},
		{got.BandwidthFraction, 0.8}, {got.KernelOverheadSeconds, 5e-6},
	} {
		if math.Abs(x[0]-x[1]) > 1e-9*x[1] {
			t.Errorf("fitted %+v, want %+v", got, want)
			break
		}
	}
	if c.Fitted.WorstRelativeError > 1e-9 || c.Fitted.Rows != 7 || c.Rows[2].Fitted || c.Rows[2].Note != noteFP8Small {
		t.Errorf("fit error %+v", c.Fitted)
	}
}

// TestCalibrateH200 is the acceptance check: the fitted H200 profile reproduces the
// measurements with a median relative error ≤ 15%; the ideal time is never above a measured
// time by more than measurement noise (1%); the built-in profile is this fit.
func TestCalibrateH200(t *testing.T) {
	h200, _ := Builtin().Get("h200")
	ms := readH200(t)
	c, err := Calibrate(h200, ms, "h200-cublas")
	if err != nil {
		t.Fatal(err)
	}
	if c.Fitted.MedianRelativeError > 0.15 || c.All.MedianRelativeError > 0.15 {
		t.Errorf("median relative error: fitted rows %v, all rows %v; want ≤ 0.15", c.Fitted.MedianRelativeError, c.All.MedianRelativeError)
	}
	if c.Fitted.WorstRelativeError > 0.30 {
		t.Errorf("worst relative error %v on fitted rows", c.Fitted.WorstRelativeError)
	}
	for _, r := range c.Rows {
		if r.IdealSeconds > r.Seconds*1.01 {
			t.Errorf("line %d %s: ideal %v s above measured %v s", r.Line, r.Label(), r.IdealSeconds, r.Seconds)
		}
		if r.CalibratedSeconds < r.IdealSeconds {
			t.Errorf("line %d: calibrated %v below ideal %v", r.Line, r.CalibratedSeconds, r.IdealSeconds)
		}
	}
	// 136 rows: the copy row and the 22 FP8 rows memory-bound on the ideal roofline
	// (T ≤ 128 for the step3 shapes; T ≤ 256 when the expert is narrow enough) are left out.
	left := 0
	for _, r := range c.Rows {
		if !r.Fitted {
			left++
		}
	}
	if c.Fitted.Rows+left != 136 || c.Fitted.Rows < 100 {
		t.Errorf("%d rows fitted, %d left out", c.Fitted.Rows, left)
	}
	d := DefaultProfile()
	p := c.Profile
	for _, x := range [][2]float64{
		{d.ComputeFraction.BF16, p.ComputeFraction.BF16}, {d.ComputeFraction.FP8, p.ComputeFraction.FP8},
		{d.BandwidthFraction, p.BandwidthFraction}, {d.KernelOverheadSeconds, p.KernelOverheadSeconds},
	} {
		if math.Abs(x[0]-x[1]) > 1e-6*x[1] {
			t.Errorf("built-in profile %+v is not the fit %+v (regenerate profiles/h200.yaml with decost calibrate)", d, p)
			break
		}
	}
}

func TestCalibrateErrors(t *testing.T) {
	h200, _ := Builtin().Get("h200")
	if _, err := Calibrate(h200, nil, "x"); err == nil {
		t.Error("no measurements accepted")
	}
	ms := []Measurement{{Kind: "copy", Format: precision.BF16, Bytes: 1e9, Seconds: 1e-3}}
	if _, err := Calibrate(h200, ms, "x"); err == nil {
		t.Error("only a copy row accepted")
	}
	var mem []Measurement
	for i := 1; i <= 5; i++ {
		mem = append(mem, Measurement{Kind: "read", Format: precision.BF16, Bytes: float64(i) * 1e9, Seconds: float64(i) * 1e-3})
	}
	if _, err := Calibrate(h200, mem, "x"); err == nil {
		t.Error("memory-only rows accepted (no compute fraction to fit)")
	}
}
