package chart

import (
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
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

// TestTokenTicks: a log axis of tokens is marked at powers of two, labelled as contexts are
// named; past maxBinaryLabels (10) labels only every second power is labelled, the largest
// always.
func TestTokenTicks(t *testing.T) {
	labels := func(lo, hi float64) (all, named []string) {
		for _, tk := range (logTicks{Tokens}).Ticks(lo, hi) {
			all = append(all, Tokens.label(tk.Value))
			if tk.Label != "" {
				named = append(named, tk.Label)
			}
		}
		return all, named
	}
	// 3000..1.1e6: 2^12 = 4096 to 2^20 = 1048576, 9 powers, all labelled.
	all, named := labels(3000, 1.1e6)
	want := []string{"4K", "8K", "16K", "32K", "64K", "128K", "256K", "512K", "1M"}
	if !reflect.DeepEqual(all, want) || !reflect.DeepEqual(named, want) {
		t.Errorf("4K..1M: ticks %v, labels %v; want %v", all, named, want)
	}
	// 1..1e6: 2^0 to 2^19, 20 powers: every second labelled, counted down from 2^19 = 512K.
	all, named = labels(1, 1e6)
	if len(all) != 20 || len(named) != 10 || named[0] != "2" || named[9] != "512K" {
		t.Errorf("1..1e6: %d ticks, labels %v", len(all), named)
	}
}

// TestDataTicks: a line plot's x ticks sit on its x values when they are at most 12 and no
// two are closer than 1/24 of their span on the axis' scale.
func TestDataTicks(t *testing.T) {
	doublings := []float64{4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288, 1048576}
	for _, tc := range []struct {
		name string
		xs   []float64
		logX bool
		want bool
	}{
		{"4K..1M by doublings, log", doublings, true, true},
		// 4096 and 4200: log10(4200/4096) = 0.011 < log10(256)/24 = 0.1.
		{"4K and 4.2K, log", []float64{4096, 4200, 1048576}, true, false},
		{"13 values", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, false, false},
		{"one value", []float64{8192}, true, true},
	} {
		if got := spacedForTicks(tc.xs, tc.logX); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

// widthRecorder is a canvas that notes every line width set on it.
type widthRecorder struct {
	vg.Canvas
	widths *[]vg.Length
}

func (w widthRecorder) SetLineWidth(l vg.Length) {
	*w.widths = append(*w.widths, l)
	w.Canvas.SetLineWidth(l)
}

// TestHollowMarkersOutlined: the hollow series markers (series 3 to 7) are stroked at least
// outlineWidth (1.1 pt) wide, not gonum's 0.5 pt, so a pale sky-blue triangle still shows.
func TestHollowMarkersOutlined(t *testing.T) {
	for i := 3; i < MaxSeries; i++ {
		var widths []vg.Length
		c := draw.Canvas{Canvas: widthRecorder{Canvas: vgimg.New(20, 20), widths: &widths}}
		c.Rectangle = vg.Rectangle{Max: vg.Point{X: 20, Y: 20}}
		seriesShape(i).DrawGlyph(&c, draw.GlyphStyle{Color: pale(seriesColor(i)), Radius: 3}, vg.Point{X: 10, Y: 10})
		if len(widths) == 0 {
			t.Errorf("series %d: no line drawn", i)
		}
		for _, w := range widths {
			if w < vg.Points(outlineWidth) {
				t.Errorf("series %d: stroked %v wide, want at least %v", i, w, vg.Points(outlineWidth))
			}
		}
	}
}
