package chart

import (
	"fmt"
	"math"
	"path/filepath"
	"testing"
)

func TestNewXY(t *testing.T) {
	f := XY{Title: "t", XLabel: "x", YLabel: "y", LogX: true, LogY: true, Lines: true,
		Series:    []Series{{Name: "a", Points: []Point{{X: 1, Y: 10, Label: "p"}, {X: 100, Y: 1000}, {X: -1, Y: 5}}}},
		Frontiers: []Series{{Name: "a", Points: []Point{{X: 1, Y: 10}, {X: 100, Y: 1000}}}},
		Ridges:    []Ridge{{Name: "h800", FLOPsPerByte: 591}},
		Marks:     []Mark{{Vertical: true, At: 500, Label: "target"}, {At: 2000}, {Vertical: true, At: -1}},
	}
	p, err := NewXY(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(p, filepath.Join(t.TempDir(), "xy.png")); err != nil {
		t.Fatal(err)
	}
	// The marks widen the axes to include them (the data stop at x = 100, y = 1000; the
	// mark at x = -1 cannot be on a log axis and is left out).
	if p.X.Max < 500 || p.Y.Max < 2000 || p.X.Min <= 0 {
		t.Errorf("axes x %v..%v, y %v..%v do not fit the marks", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	// An arrow with an end ≤ 0 on a log axis is left out (drawing it panicked).
	f.Arrows = []Arrow{{From: Point{X: 1, Y: 10}, To: Point{X: 100, Y: 1000}}, {From: Point{X: -1, Y: 5}, To: Point{X: 1, Y: 10}}}
	p, err = NewXY(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(p, filepath.Join(t.TempDir(), "arrows.png")); err != nil {
		t.Fatal(err)
	}
	// Only points ≤ 0 on a log axis: nothing to plot.
	if _, err := NewXY(XY{LogX: true, Series: []Series{{Points: []Point{{X: 0, Y: 1}}}}}); err == nil {
		t.Error("empty plot accepted")
	}
	if _, err := NewXY(XY{Series: []Series{{Points: []Point{{X: math.NaN(), Y: 1}}}}}); err == nil {
		t.Error("NaN-only plot accepted")
	}
}

func TestNewBars(t *testing.T) {
	b := Bars{Categories: []string{"step3", "deepseek-v3"}, Series: []BarSeries{{Name: "h800", Values: []float64{0.06, math.NaN()}}}}
	p, err := NewBars(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := Save(p, filepath.Join(t.TempDir(), "bars.svg")); err != nil {
		t.Fatal(err)
	}
	b.Series[0].Values = []float64{1}
	if _, err := NewBars(b); err == nil {
		t.Error("series shorter than the categories accepted")
	}
	if _, err := NewBars(Bars{}); err == nil {
		t.Error("no bars accepted")
	}
	// gonum's bars start at 0, which a log axis cannot show (drawing them panicked).
	b.Series[0].Values = []float64{0.06, 3}
	b.LogY = true
	if _, err := NewBars(b); err == nil {
		t.Error("log y accepted for bars")
	}
}

// TestLogTicks: powers of ten labelled, 2× and 5× too when the axis spans under three
// decades; other multiples unlabelled.
func TestLogTicks(t *testing.T) {
	labels := func(lo, hi float64) map[float64]string {
		m := map[float64]string{}
		for _, tk := range (logTicks{}).Ticks(lo, hi) {
			if tk.Label != "" {
				m[tk.Value] = tk.Label
			}
		}
		return m
	}
	got := labels(1, 512)
	want := map[float64]string{1: "1", 2: "2", 5: "5", 10: "10", 20: "20", 50: "50", 100: "100", 200: "200", 500: "500"}
	if len(got) != len(want) {
		t.Errorf("ticks 1..512: %v", got)
	}
	for v, l := range want {
		if got[v] != l {
			t.Errorf("tick %v: %q, want %q", v, got[v], l)
		}
	}
	wide := labels(1e6, 1e12)
	if len(wide) != 7 || wide[1e9] != "1e9" {
		t.Errorf("ticks 1e6..1e12: %v", wide)
	}
}

// TestLinearTicks: round steps, 5 to 10 of them, plain labels.
func TestLinearTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		want   []string
	}{
		{0, 0.23, []string{"0", "0.05", "0.1", "0.15", "0.2"}},
		{0, 7500, []string{"0", "1000", "2000", "3000", "4000", "5000", "6000", "7000"}},
		{14, 48, []string{"15", "20", "25", "30", "35", "40", "45"}},
	} {
		var got []string
		for _, tk := range (linearTicks{}).Ticks(tc.lo, tc.hi) {
			got = append(got, tk.Label)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("ticks %v..%v: %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
	}
}
