package kernels

import (
	"testing"

	"github.com/decost/decost/precision"
)

// sink keeps the benchmarked lookups from being optimised away.
var sink float64

// lookups runs one of each lookup on the H800 set, off the measured points (interpolating
// on every axis).
func lookups(s *Set) {
	a, _, _ := s.GEMM(precision.FP8, 100, 2112, 7168)
	b, _, _ := s.GroupedGEMM(precision.FP8, 9, 37.5, 4096, 7168)
	c, _, _ := s.MLADecode(precision.BF16, 100, 5000, 128, 2)
	d, _, _ := s.GQADecode(precision.BF16, 100, 5000, 64, 8, 128, 2)
	e, _, _ := s.AllToAll(Dispatch, precision.FP8, 48, 200, 7168, 8)
	f, _, _ := s.Lookup(OpDSAIndexer, precision.FP8, 100, 64, 5000)
	sink += a + b + c + d + e + f
}

func TestLookupAllocs(t *testing.T) {
	s, _ := ForCard("h100") // borrowed bases too
	if n := testing.AllocsPerRun(100, func() { lookups(s) }); n != 0 {
		t.Errorf("%v allocations per six lookups, want 0", n)
	}
}

func BenchmarkGEMM(b *testing.B) {
	s, _ := ForCard("h800")
	b.ReportAllocs()
	for b.Loop() {
		v, _, _ := s.GEMM(precision.FP8, 100, 2112, 7168)
		sink += v
	}
}

func BenchmarkGQADecode(b *testing.B) {
	s, _ := ForCard("h800")
	b.ReportAllocs()
	for b.Loop() {
		v, _, _ := s.GQADecode(precision.BF16, 100, 5000, 64, 8, 128, 2)
		sink += v
	}
}

// BenchmarkLookup is one of each of six lookups (GEMM, grouped GEMM, MLA, GQA, dispatch,
// indexer) per op.
func BenchmarkLookup(b *testing.B) {
	s, _ := ForCard("h800")
	b.ReportAllocs()
	for b.Loop() {
		lookups(s)
	}
}

// BenchmarkForCardFirst is the start-up cost of a card's tables: parsing its built-in files
// (and its lender's) on the first ForCard, as a run pays it once.
func BenchmarkForCardFirst(b *testing.B) {
	for b.Loop() {
		builtin.mu.Lock()
		builtin.files, builtin.tables, builtin.sets, builtin.from = nil, nil, nil, nil
		builtin.mu.Unlock()
		if s, _ := ForCard("h800"); s == nil {
			b.Fatal("no h800 tables")
		}
	}
}
