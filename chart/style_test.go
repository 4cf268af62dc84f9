package chart

import (
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestUnitLabels: bytes and FLOPs with decimal prefixes, contexts with K = 1024.
func TestUnitLabels(t *testing.T) {
	for _, tc := range []struct {
		u    Unit
		v    float64
		want string
	}{
		{Bytes, 2e8, "200 MB"}, {Bytes, 1e9, "1 GB"}, {Bytes, 1.5e9, "1.5 GB"}, {Bytes, 512, "512 B"},
		{FLOPs, 5e10, "50 GFLOP"}, {FLOPs, 1e12, "1 TFLOP"},
		// 8192 = 8·1024, 131072 = 128·1024, 1048576 = 1024²; 10000 is no multiple of 256.
		{Tokens, 8192, "8K"}, {Tokens, 131072, "128K"}, {Tokens, 1 << 20, "1M"}, {Tokens, 10000, "10000"},
		{Plain, 0.05, "0.05"}, {Plain, 2e8, "2e8"},
	} {
		if got := tc.u.label(tc.v); got != tc.want {
			t.Errorf("unit %d, %v: %q, want %q", tc.u, tc.v, got, tc.want)
		}
	}
}

// TestSortBars: categories by their smallest bar, every series and the threshold reordered
// alike; NaN is no bar.
func TestSortBars(t *testing.T) {
	b := Bars{Categories: []string{"a", "b", "c"}, Sort: "ascending",
		Series:    []BarSeries{{Name: "x", Values: []float64{3, 1, math.NaN()}}, {Name: "y", Values: []float64{0.5, 2, 4}}},
		Threshold: BarSeries{Name: "t", Values: []float64{10, 20, 30}}}
	// smallest bars: a 0.5, b 1, c 4.
	got := sortBars(b)
	if !reflect.DeepEqual(got.Categories, []string{"a", "b", "c"}) || got.Threshold.Values[2] != 30 {
		t.Errorf("ascending: %v %v", got.Categories, got.Threshold.Values)
	}
	b.Sort = "descending"
	got = sortBars(b)
	if !reflect.DeepEqual(got.Categories, []string{"c", "b", "a"}) || !reflect.DeepEqual(got.Threshold.Values, []float64{30, 20, 10}) || got.Series[1].Values[0] != 4 {
		t.Errorf("descending: %v %v %v", got.Categories, got.Threshold.Values, got.Series)
	}
	p, err := NewBars(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(p, filepath.Join(t.TempDir(), "bars.png")); err != nil {
		t.Fatal(err)
	}
	b.Series = make([]BarSeries, MaxSeries+1)
	if _, err := NewBars(b); err == nil {
		t.Error("more than MaxSeries series accepted")
	}
}

// TestCrosses: a segment through, beside and ending inside a 10×10 box at the origin.
func TestCrosses(t *testing.T) {
	r := vg.Rectangle{Max: vg.Point{X: 10, Y: 10}}
	seg := func(x0, y0, x1, y1 vg.Length) [2]vg.Point { return [2]vg.Point{{X: x0, Y: y0}, {X: x1, Y: y1}} }
	for _, tc := range []struct {
		s    [2]vg.Point
		want bool
	}{
		{seg(-5, 5, 15, 5), true}, {seg(-5, 15, 15, 15), false}, {seg(5, 5, 20, 20), true},
		{seg(-5, -4, 4, 12), true}, {seg(11, -5, 20, 5), false},
	} {
		if got := crosses(r, tc.s); got != tc.want {
			t.Errorf("crosses %v: %v, want %v", tc.s, got, tc.want)
		}
	}
}
