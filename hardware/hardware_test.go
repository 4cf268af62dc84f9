package hardware

import (
	"testing"

	"github.com/decost/decost/precision"
)

// TestReportRows keeps the report's four rows exactly (docs/design.md §hardware).
func TestReportRows(t *testing.T) {
	cat := Builtin()
	for _, tc := range []struct {
		id                string
		bf16, fp8, bw, gb float64 // TFLOP/s, TFLOP/s, TB/s, GB
		nicGbps, price    float64
	}{
		{"h800", 989, 1980, 3.35, 80, 400, 2.00},
		{"h20", 148, 296, 4.0, 96, 400, 0.80},
		{"a800", 312, 0, 2.0, 80, 200, 0.75},
		{"910b", 280, 0, 1.6, 64, 200, 0.67},
	} {
		a, err := cat.Get(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if a.PeakFLOPsPerSecond.BF16 != tc.bf16*1e12 || a.PeakFLOPsPerSecond.FP8 != tc.fp8*1e12 ||
			a.MemoryBytesPerSecond != tc.bw*1e12 || a.MemoryBytes != tc.gb*1e9 ||
			a.NICBitsPerSecond != tc.nicGbps*1e9 || a.PriceUSDPerHour != tc.price || !a.InReport {
			t.Errorf("%s = %+v", tc.id, a)
		}
		if err := a.Validate(); err != nil {
			t.Error(err)
		}
	}
}

// TestUnitCosts checks the report's unit costs and the FP8 → BF16 fallback by hand.
func TestUnitCosts(t *testing.T) {
	cat := Builtin()
	h800, _ := cat.Get("h800")
	a800, _ := cat.Get("a800")
	b200, _ := cat.Get("b200")
	for _, tc := range []struct {
		name      string
		got, want float64
	}{
		// 2 USD/h / 3600 s / 1.98e15 FLOP/s = 2.8058e-19 USD per FLOP
		{"h800 $/FLOP fp8", h800.USDPerFLOP(precision.FP8), 2.0 / 3600 / 1980e12},
		{"h800 $/FLOP bf16", h800.USDPerFLOP(precision.BF16), 2.0 / 3600 / 989e12},
		// 2 / 3600 / 3.35e12 B/s = 1.6584e-16 USD per byte
		{"h800 $/byte", h800.USDPerByte(), 2.0 / 3600 / 3.35e12},
		// A800 has no FP8: FP8 and INT8 compute at BF16's 312 TFLOP/s.
		{"a800 $/FLOP fp8", a800.USDPerFLOP(precision.FP8), 0.75 / 3600 / 312e12},
		{"a800 $/FLOP int8", a800.USDPerFLOP(precision.INT8), 0.75 / 3600 / 312e12},
		// Ridge: 1980e12 / 3.35e12 = 591.04 FLOP/B
		{"h800 ridge", h800.RidgeFLOPsPerByte(precision.FP8), 1980.0 / 3.35},
		{"b200 fp4", b200.PeakFLOPs(precision.FP4), 9000e12},
		// 8 × 400 Gb/s / 8 = 400 GB/s per node
		{"h800 node NIC", h800.NodeNICBytesPerSecond(), 400e9},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	if f, _ := a800.Compute(precision.FP8); f != precision.BF16 {
		t.Errorf("a800 computes FP8 as %s, want bf16", f)
	}
	h20, _ := cat.Get("h20")
	if f, _ := h20.Compute(precision.FP4); f != precision.FP8 {
		t.Errorf("h20 computes FP4 as %s, want fp8", f)
	}
}

// TestIdealSeconds checks the roofline time of an operation by hand.
func TestIdealSeconds(t *testing.T) {
	h800, _ := Builtin().Get("h800")
	// 1.98e12 FLOPs at FP8 take 1 ms; 3.35e9 bytes take 1 ms: a tie is memory-bound.
	if s := h800.IdealSeconds(1.98e12, 3.35e9, precision.FP8); s != 1e-3 {
		t.Errorf("tie: %v s, want 1e-3", s)
	}
	if b := h800.IdealBound(1.98e12, 3.35e9, precision.FP8); b != MemoryBound {
		t.Errorf("tie bound %s, want memory", b)
	}
	// Twice the FLOPs: 2 ms, compute-bound.
	if s := h800.IdealSeconds(3.96e12, 3.35e9, precision.FP8); s != 2e-3 {
		t.Errorf("compute: %v s, want 2e-3", s)
	}
	if b := h800.IdealBound(3.96e12, 3.35e9, precision.FP8); b != ComputeBound {
		t.Errorf("bound %s, want compute", b)
	}
}

func TestCatalogue(t *testing.T) {
	cat := Builtin()
	for _, id := range cat.IDs() {
		a, _ := cat.Get(id)
		if err := a.Validate(); err != nil {
			t.Error(err)
		}
	}
	if _, err := cat.Get("nosuch"); err == nil {
		t.Error("Get(nosuch) succeeded")
	}
	if err := cat.SetPrice("h800", 3); err != nil {
		t.Fatal(err)
	}
	if a, _ := cat.Get("h800"); a.PriceUSDPerHour != 3 {
		t.Errorf("price = %v after SetPrice", a.PriceUSDPerHour)
	}
	for _, bad := range []float64{0, -1} {
		if err := cat.SetPrice("h800", bad); err == nil {
			t.Errorf("SetPrice(%v) accepted", bad)
		}
	}
	if Builtin().IDs()[0] != "h800" {
		t.Error("built-in catalogue changed by SetPrice on another catalogue")
	}
}
