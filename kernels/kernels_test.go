package kernels

import (
	"math"
	"testing"

	"github.com/decost/decost/precision"
)

func TestBuiltinParses(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) == 0 {
		t.Fatal("no built-in tables")
	}
}

// Exact grid points return the measured value.
func TestExactPoint(t *testing.T) {
	s, from := ForCard("h800")
	if s == nil || from != "" {
		t.Fatalf("ForCard(h800) = %v, %q", s, from)
	}
	// InferSim gemm/h800/data.csv: m=128, k=7168, n=1536 → 11.714 µs.
	sec, b, ok := s.GEMM(precision.FP8, 128, 1536, 7168)
	if !ok || sec != 11.714e-6 || b != "table:h800/infersim/gemm/fp8" {
		t.Errorf("GEMM = %v %q %v, want 11.714 µs from table:h800/infersim/gemm/fp8", sec, b, ok)
	}
}

// Between m=64 (10.881 µs) and m=128 (11.714 µs) at k=7168, n=1536, m=100:
// w = ln(100/64)/ln(2) = 0.643856; ln t = ln 10.881 + w·ln(11.714/10.881)
// = 2.387107 + 0.643856×0.073766 = 2.434601 → t = 11.4103 µs.
func TestInterpolatedPoint(t *testing.T) {
	s, _ := ForCard("h800")
	sec, _, ok := s.GEMM(precision.FP8, 100, 1536, 7168)
	if !ok || math.Abs(sec-11.4103e-6) > 0.0005e-6 {
		t.Errorf("GEMM m=100 = %v, want 11.4103 µs", sec)
	}
}

func TestNoTable(t *testing.T) {
	s, _ := ForCard("h800")
	if _, _, ok := s.GEMM(precision.BF16, 128, 1536, 7168); ok {
		t.Error("h800 has no BF16 GEMM table, want ok=false")
	}
	if s, _ := ForCard("mi300x"); s != nil {
		t.Error("mi300x has no tables, want nil")
	}
	var none *Set
	if _, _, ok := none.GEMM(precision.FP8, 1, 1, 1); ok {
		t.Error("nil set: want ok=false")
	}
}
