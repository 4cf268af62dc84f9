package chart

import (
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// drawn draws p on a Width×Height image and returns its overlay's layout.
func drawn(p *plot.Plot, o *overlay) drawnLayout {
	p.Draw(draw.New(vgimg.New(Width, Height)))
	return o.drawn
}

// TestLegendClearsData: the legend goes to a corner where it covers no point, and no label
// covers a point or another label — with the data in the top-left corner (where the legend
// would go first), in the top-left and top-right, and for bars highest on the left.
func TestLegendClearsData(t *testing.T) {
	var topLeft, corners []Point
	for i := range 20 {
		x, y := float64(i%5), 100-float64(i/5)
		topLeft = append(topLeft, Point{X: x, Y: y, Label: "p"})
		corners = append(corners, Point{X: x, Y: y}, Point{X: 100 - x, Y: y})
	}
	spread := []Point{{X: 0, Y: 0}, {X: 100, Y: 0}, {X: 50, Y: 50}}
	for name, pts := range map[string][]Point{"top left": append(topLeft, spread...), "top corners": append(corners, spread...)} {
		// Four legend entries: a legend about 60 pt tall, taller than the axis' padding.
		p, o, err := newXY(XY{Title: name, Series: []Series{{Name: "a", Points: pts}, {Name: "b", Points: spread}, {Name: "c", Points: spread}, {Name: "d", Points: spread}}})
		if err != nil {
			t.Fatal(err)
		}
		d := drawn(p, o)
		for _, q := range d.points {
			if hitsPoint(d.legend, q, vg.Points(3.5)) { // a marker's radius
				t.Errorf("%s: legend %v covers the point at %v", name, d.legend, q)
			}
		}
		for i, a := range d.labels {
			for _, q := range d.points {
				if hitsPoint(a, q, vg.Points(2)) {
					t.Errorf("%s: label %v covers the point at %v", name, a, q)
				}
			}
			for _, b := range d.labels[i+1:] {
				if overlaps(a, b) {
					t.Errorf("%s: labels %v and %v overlap", name, a, b)
				}
			}
		}
	}
	// Bars sorted descending: the highest at the left, so the legend goes top right, above
	// the bars there.
	b := Bars{Categories: []string{"a", "b", "c", "d", "e", "f"}, Sort: "descending",
		Series: []BarSeries{{Name: "h800", Values: []float64{6, 5, 4, 3, 2, 1}}, {Name: "h20", Values: []float64{6, 5, 4, 3, 2, math.NaN()}}}}
	p, o, err := newBars(b)
	if err != nil {
		t.Fatal(err)
	}
	d := drawn(p, o)
	for _, q := range d.boxes {
		if overlaps(d.legend, q) && q.Max.Y-q.Min.Y > 0 {
			t.Errorf("bars: legend %v covers the bar %v", d.legend, q)
		}
	}
}

// TestRidgeLabelsClearOtherRidges: the names of two ridges 12% apart (A800's 156 and 910B's
// 175 FLOP/B, a few points apart on the canvas: no name fits between them) cross no ridge
// line — the upper one's above both, the lower one's below both — as the names of ridges
// far apart (H20's 74, H800's 591) do too.
func TestRidgeLabelsClearOtherRidges(t *testing.T) {
	pts := []Point{{X: 3e8, Y: 1.5e11, Label: "deepseek-v3"}, {X: 1e9, Y: 1.5e10, Label: "qwen3-32b"}}
	ridges := []Ridge{{Name: "h800", FLOPsPerByte: 591}, {Name: "a800", FLOPsPerByte: 156}, {Name: "910b", FLOPsPerByte: 175}, {Name: "h20", FLOPsPerByte: 74}}
	p, o, err := newXY(XY{Title: "ridges", LogX: true, LogY: true, Series: []Series{{Points: pts}}, Ridges: ridges})
	if err != nil {
		t.Fatal(err)
	}
	d := drawn(p, o)
	if len(d.lineLabels) != len(ridges) {
		t.Fatalf("%d ridge names drawn, want %d", len(d.lineLabels), len(ridges))
	}
	for i, r := range d.lineLabels {
		for _, s := range d.segments {
			if crosses(r, s) {
				t.Errorf("%s ridge's name %v crosses the line %v", ridges[i].Name, r, s)
			}
		}
	}
}
