package chart

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Point is one point of a figure, with an optional label drawn next to it.
type Point struct {
	// X and Y are the point's position, in the units of the axes.
	X, Y float64
	// Label, when set, is written next to the point.
	Label string
}

// Series is a named set of points: one legend entry.
type Series struct {
	// Name is the legend entry; "" leaves the series out of the legend.
	Name   string
	Points []Point
}

// Ridge is a card's roofline ridge point, drawn as the line y = FLOPsPerByte · x on a plot
// of FLOPs against bytes.
type Ridge struct {
	// Name names the card in the legend.
	Name string
	// FLOPsPerByte is the ridge's arithmetic intensity, peak FLOP/s ÷ memory bytes/s.
	FLOPsPerByte float64
}

// XY describes a scatter or line figure.
type XY struct {
	// Title heads the figure; XLabel and YLabel name the axes (with their units).
	Title, XLabel, YLabel string
	// LogX and LogY put an axis on a log scale; points with a value ≤ 0 on a log axis are
	// left out.
	LogX, LogY bool
	// Lines joins each series' points in order of x (a line plot); otherwise points only.
	Lines bool
	// Series are the data; at least one point in all.
	Series []Series
	// Frontiers are drawn as dashed lines through their points (in order of x), in the
	// colour of the series of the same name (the first colour when none), with one legend
	// entry "Pareto frontier".
	Frontiers []Series
	// Ridges are drawn as dashed lines across the x range of the data.
	Ridges []Ridge
	// Marks are reference lines across the figure (grey, dotted), named in the legend.
	Marks []Mark
}

// NewXY draws a scatter or line figure.
func NewXY(f XY) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = f.Title
	p.X.Label.Text, p.Y.Label.Text = f.XLabel, f.YLabel
	style(p)
	keep := func(pt Point) bool {
		return !math.IsNaN(pt.X) && !math.IsNaN(pt.Y) && (!f.LogX || pt.X > 0) && (!f.LogY || pt.Y > 0)
	}
	xmin, xmax, n := math.Inf(1), math.Inf(-1), 0
	var all plotter.XYLabels
	for i, s := range f.Series {
		var xys plotter.XYs
		pts := append([]Point(nil), s.Points...)
		if f.Lines {
			sort.SliceStable(pts, func(a, b int) bool { return pts[a].X < pts[b].X })
		}
		for _, pt := range pts {
			if !keep(pt) {
				continue
			}
			xys = append(xys, plotter.XY{X: pt.X, Y: pt.Y})
			xmin, xmax = math.Min(xmin, pt.X), math.Max(xmax, pt.X)
			if pt.Label != "" {
				all.XYs = append(all.XYs, plotter.XY{X: pt.X, Y: pt.Y})
				all.Labels = append(all.Labels, " "+pt.Label)
			}
		}
		if len(xys) == 0 {
			continue
		}
		n += len(xys)
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		sc.GlyphStyle.Color = plotutil.Color(i)
		sc.GlyphStyle.Shape = plotutil.Shape(i)
		sc.GlyphStyle.Radius = vg.Points(3.5)
		if len(xys) > 200 { // a cloud: small dots
			sc.GlyphStyle.Radius = vg.Points(1.5)
		}
		p.Add(sc)
		if f.Lines && len(xys) > 1 {
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, err
			}
			l.Color = plotutil.Color(i)
			l.Width = vg.Points(1.5)
			p.Add(l)
			if s.Name != "" {
				p.Legend.Add(s.Name, l, sc)
			}
		} else if s.Name != "" {
			p.Legend.Add(s.Name, sc)
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("no point to plot")
	}
	for i, fr := range f.Frontiers {
		pts := append([]Point(nil), fr.Points...)
		sort.SliceStable(pts, func(a, b int) bool { return pts[a].X < pts[b].X })
		var xys plotter.XYs
		for _, pt := range pts {
			if keep(pt) {
				xys = append(xys, plotter.XY{X: pt.X, Y: pt.Y})
			}
		}
		if len(xys) == 0 {
			continue
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color = plotutil.Color(0)
		for j, s := range f.Series {
			if s.Name == fr.Name && fr.Name != "" {
				l.Color = plotutil.Color(j)
			}
		}
		l.Width = vg.Points(1.5)
		l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		p.Add(l)
		if i == 0 {
			name := "Pareto frontier"
			if len(f.Frontiers) > 1 {
				name = "Pareto frontiers (one per series)"
			}
			p.Legend.Add(name, l)
		}
	}
	if len(f.Ridges) > 0 {
		lo, hi := xmin/2, xmax*2
		if !f.LogX {
			lo, hi = xmin, xmax
		}
		for i, r := range f.Ridges {
			l, err := plotter.NewLine(plotter.XYs{{X: lo, Y: r.FLOPsPerByte * lo}, {X: hi, Y: r.FLOPsPerByte * hi}})
			if err != nil {
				return nil, err
			}
			l.Color = plotutil.Color(i + 1)
			l.Dashes = plotutil.Dashes(i + 1)
			l.Width = vg.Points(1)
			p.Add(l)
			p.Legend.Add(fmt.Sprintf("%s ridge (%.0f FLOP/B)", r.Name, r.FLOPsPerByte), l)
		}
	}
	for _, m := range f.Marks {
		if (m.Vertical && f.LogX || !m.Vertical && f.LogY) && m.At <= 0 {
			continue
		}
		r := newRule(m)
		p.Add(r)
		if m.Label != "" {
			p.Legend.Add(m.Label, r)
		}
	}
	if err := addLabels(p, all, f.LogX, f.LogY); err != nil {
		return nil, err
	}
	if len(f.Ridges) > 0 { // the ridges start at the top left; the points are below them
		p.Legend.Top, p.Legend.Left = false, false
	}
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
	if f.LogX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	if f.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	pad(p, f.LogX, f.LogY, len(all.XYs) > 0)
	return p, nil
}

// style sets the look shared by decost's figures: grid, legend at the top left.
func style(p *plot.Plot) {
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.X.Label.TextStyle.Font.Size = vg.Points(11)
	p.Y.Label.TextStyle.Font.Size = vg.Points(11)
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	p.Legend.Padding = vg.Points(3)
	p.Add(plotter.NewGrid())
}

// pad widens the axes a little so that points and their labels are not on the frame; on a
// log axis by a factor, on a linear one by a fraction of the range.
func pad(p *plot.Plot, logX, logY, labels bool) {
	widen := func(a *plot.Axis, log bool, right float64) {
		if log {
			a.Min, a.Max = a.Min/1.25, a.Max*math.Pow(1.25, right)
			return
		}
		d := a.Max - a.Min
		if d == 0 {
			d = math.Abs(a.Max)
		}
		a.Min, a.Max = a.Min-0.05*d, a.Max+0.05*d*right
	}
	right := 1.0
	if labels {
		right = 3 // room for labels on the right
	}
	widen(&p.X, logX, right)
	widen(&p.Y, logY, 1)
}

// addLabels writes each point's label to its right, or to its left when it would run into
// a label already placed (points close on screen, judged in axis fractions).
func addLabels(p *plot.Plot, all plotter.XYLabels, logX, logY bool) error {
	if len(all.XYs) == 0 {
		return nil
	}
	norm := func(v, lo, hi float64, log bool) float64 {
		if log {
			v, lo, hi = math.Log(v), math.Log(lo), math.Log(hi)
		}
		if hi == lo {
			return 0
		}
		return (v - lo) / (hi - lo)
	}
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, xy := range all.XYs {
		xlo, xhi = math.Min(xlo, xy.X), math.Max(xhi, xy.X)
		ylo, yhi = math.Min(ylo, xy.Y), math.Max(yhi, xy.Y)
	}
	var right, left plotter.XYLabels
	type spot struct{ x, y float64 }
	var placed []spot
	for i, xy := range all.XYs {
		x, y := norm(xy.X, xlo, xhi, logX), norm(xy.Y, ylo, yhi, logY)
		clash := false
		for _, q := range placed {
			if math.Abs(q.y-y) < 0.05 && math.Abs(x-q.x) < 0.25 {
				clash = true
			}
		}
		if clash {
			left.XYs, left.Labels = append(left.XYs, xy), append(left.Labels, all.Labels[i]+" ")
			continue
		}
		placed = append(placed, spot{x, y})
		right.XYs, right.Labels = append(right.XYs, xy), append(right.Labels, all.Labels[i])
	}
	for _, side := range []struct {
		l     plotter.XYLabels
		dx    vg.Length
		align draw.XAlignment
	}{{right, vg.Points(4), draw.XLeft}, {left, vg.Points(-4), draw.XRight}} {
		if len(side.l.XYs) == 0 {
			continue
		}
		labels, err := plotter.NewLabels(side.l)
		if err != nil {
			return err
		}
		for i := range labels.TextStyle {
			labels.TextStyle[i].Font.Size = vg.Points(9)
			labels.TextStyle[i].YAlign = draw.YCenter
			labels.TextStyle[i].XAlign = side.align
		}
		labels.Offset = vg.Point{X: side.dx}
		p.Add(labels)
	}
	return nil
}
