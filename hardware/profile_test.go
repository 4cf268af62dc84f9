package hardware

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/decost/decost/precision"
)

// TestCalibratedSeconds checks the calibrated roofline by hand.
func TestCalibratedSeconds(t *testing.T) {
	h800, _ := Builtin().Get("h800")
	a800, _ := Builtin().Get("a800")
	p := Profile{Name: "test", ComputeFraction: ComputeFractions{BF16: 0.25, FP8: 0.5}, BandwidthFraction: 0.8, KernelOverheadSeconds: 2e-6}
	for _, tc := range []struct {
		name         string
		hw           Accelerator
		flops, bytes float64
		f            precision.Format
		want         float64
		bound        Bound
	}{
		// 1.98e12 FLOPs at FP8: 1.98e12 / (1.98e15 · 0.5) = 2 ms; 3.35e9 B / (3.35e12 · 0.8)
		// = 1.25 ms; 2 ms + 2 µs.
		{"h800 fp8 compute", h800, 1.98e12, 3.35e9, precision.FP8, 2e-3 + 2e-6, ComputeBound},
		// BF16: 0.989e12 / (0.989e15 · 0.25) = 4 ms.
		{"h800 bf16 compute", h800, 0.989e12, 3.35e9, precision.BF16, 4e-3 + 2e-6, ComputeBound},
		// 6.7e9 B / (3.35e12 · 0.8) = 2.5 ms > 1 ms of compute.
		{"h800 memory", h800, 0.99e12, 6.7e9, precision.FP8, 2.5e-3 + 2e-6, MemoryBound},
		// A800 computes FP8 in BF16 at 312 TFLOP/s with the BF16 fraction:
		// 78e12 / (312e12 · 0.25) = 1 s.
		{"a800 fp8 → bf16", a800, 78e12, 0, precision.FP8, 1 + 2e-6, ComputeBound},
		// FP4 without its own fraction uses FP8's; H800 has no FP4 and computes in FP8.
		{"h800 fp4", h800, 1.98e12, 0, precision.FP4, 2e-3 + 2e-6, ComputeBound},
		// Nothing to do: no kernel, no overhead.
		{"empty", h800, 0, 0, precision.FP8, 0, MemoryBound},
	} {
		if got := tc.hw.CalibratedSeconds(p, tc.flops, tc.bytes, tc.f); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("%s: %v s, want %v", tc.name, got, tc.want)
		}
		if b := tc.hw.CalibratedBound(p, tc.flops, tc.bytes, tc.f); b != tc.bound {
			t.Errorf("%s: bound %s, want %s", tc.name, b, tc.bound)
		}
	}
}

// TestIdealProfile: the ideal profile gives exactly the ideal roofline on every card.
func TestIdealProfile(t *testing.T) {
	cat := Builtin()
	for _, id := range cat.IDs() {
		a, _ := cat.Get(id)
		for _, f := range precision.Formats() {
			for _, fb := range [][2]float64{{1e12, 1e9}, {1e9, 1e12}, {3e14, 7e11}} {
				if got, want := a.CalibratedSeconds(Ideal(), fb[0], fb[1], f), a.IdealSeconds(fb[0], fb[1], f); got != want {
					t.Errorf("%s %s %v: ideal profile %v, IdealSeconds %v", id, f, fb, got, want)
				}
				if got, want := a.CalibratedBound(Ideal(), fb[0], fb[1], f), a.IdealBound(fb[0], fb[1], f); got != want {
					t.Errorf("%s %s %v: bound %s, want %s", id, f, fb, got, want)
				}
			}
		}
	}
}

// TestDefaultProfile: the embedded profile parses, is a real loss, and round-trips through YAML.
func TestDefaultProfile(t *testing.T) {
	p := DefaultProfile()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.ComputeFraction.BF16 >= 1 || p.ComputeFraction.FP8 >= 1 || p.BandwidthFraction >= 1 || p.KernelOverheadSeconds <= 0 {
		t.Errorf("default profile loses nothing: %+v", p)
	}
	var b bytes.Buffer
	if err := p.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	q, err := ReadProfile(&b)
	if err != nil {
		t.Fatal(err)
	}
	if q.ComputeFraction != p.ComputeFraction || q.BandwidthFraction != p.BandwidthFraction || q.KernelOverheadSeconds != p.KernelOverheadSeconds || q.Name != p.Name {
		t.Errorf("round trip: %+v, want %+v", q, p)
	}
}

// TestReadProfileErrors: bad profiles name the field.
func TestReadProfileErrors(t *testing.T) {
	good := "name: x\ncompute_fraction: {bf16: 0.7, fp8: 0.6}\nbandwidth_fraction: 0.9\nkernel_overhead_seconds: 3e-6\n"
	if _, err := ReadProfile(strings.NewReader(good)); err != nil {
		t.Fatalf("good profile: %v", err)
	}
	for _, tc := range []struct{ yaml, says string }{
		{"", "empty"},
		{good + "speed: 3\n", "line 5"},
		{strings.Replace(good, "bf16: 0.7", "bf16: 1.5", 1), "compute_fraction.bf16"},
		{strings.Replace(good, "fp8: 0.6", "fp8: 0", 1), "compute_fraction.fp8"},
		{strings.Replace(good, "0.9", "-1", 1), "bandwidth_fraction"},
		{strings.Replace(good, "0.9", ".nan", 1), "bandwidth_fraction"},
		{strings.Replace(good, "3e-6", "-1e-6", 1), "kernel_overhead_seconds"},
		{strings.Replace(good, "0.9", "fast", 1), "line 3"},
	} {
		_, err := ReadProfile(strings.NewReader(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: error %v, want one naming %s", tc.yaml, err, tc.says)
		}
	}
}
