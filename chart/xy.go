package chart

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
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
	// Name names the card on its line.
	Name string
	// FLOPsPerByte is the ridge's arithmetic intensity, peak FLOP/s ÷ memory bytes/s.
	FLOPsPerByte float64
}

// Arrow is drawn from one point to another (a model's counts at 8K to those at 32K).
type Arrow struct {
	// From and To are the ends, in the units of the axes; the head is at To.
	From, To Point
	// Series is the index of the series whose colour the arrow takes.
	Series int
}

// XY describes a scatter or line figure.
type XY struct {
	// Title heads the figure; XLabel and YLabel name the axes (with their units).
	Title, XLabel, YLabel string
	// XUnit and YUnit say how tick labels are written (Plain, Bytes, Tokens, FLOPs).
	XUnit, YUnit Unit
	// LogX and LogY put an axis on a log scale; points with a value ≤ 0 on a log axis are
	// left out.
	LogX, LogY bool
	// Lines joins each series' points in order of x (a line plot); otherwise points only.
	// A line plot of at most maxDataTicks distinct x values, none closer to the next than
	// 1/(2·maxDataTicks) of their span on the axis' scale, has its x ticks at those values.
	Lines bool
	// Series are the data; at least one point in all. Series past MaxSeries are drawn in
	// grey under one legend entry.
	Series []Series
	// Frontiers are drawn as dashed lines through their points (in order of x), in the
	// colour of the series of the same name (the first colour when none), each named in the
	// legend.
	Frontiers []Series
	// Ridges are drawn as dashed grey lines across the x range of the data, each named on
	// the line, with a legend note on what lies above and below them.
	Ridges []Ridge
	// Marks are reference lines across the figure (grey, dotted), named in the legend; a
	// Limit mark draws the points past it pale.
	Marks []Mark
	// Arrows join pairs of points.
	Arrows []Arrow
	// Rings circle points in black (the chosen plan), labelled with their Label.
	Rings []Point
	// Crossings are rings on the series' lines (a model's context where attention becomes
	// its larger cost), each in its series' colour with its point's label next to it, and
	// CrossingLabel names them once in the legend.
	Crossings     []Crossing
	CrossingLabel string
}

// Crossing is a ring drawn at a point of a series.
type Crossing struct {
	// Series is the index of the series whose colour the ring takes.
	Series int
	// At is the ring's centre, in the units of the axes, with the label written next to it.
	At Point
}

// NewXY draws a scatter or line figure.
func NewXY(f XY) (*plot.Plot, error) {
	p, _, err := newXY(f)
	return p, err
}

// newXY is NewXY, also returning the figure's overlay (for tests).
func newXY(f XY) (*plot.Plot, *overlay, error) {
	p := plot.New()
	p.Title.Text = f.Title
	p.X.Label.Text, p.Y.Label.Text = f.XLabel, f.YLabel
	style(p)
	x := &xyBuild{f: f, p: p, o: newOverlay(), xmin: math.Inf(1), xmax: math.Inf(-1)}
	for i, s := range f.Series {
		if err := x.addSeries(i, s); err != nil {
			return nil, nil, err
		}
	}
	if x.n == 0 {
		return nil, nil, fmt.Errorf("no point to plot")
	}
	x.sortLegend()
	o := x.o
	if err := addFrontiers(p, o, f, x.keep); err != nil {
		return nil, nil, err
	}
	if err := addRidges(p, o, f.Ridges, x.xmin, x.xmax, f.LogX); err != nil {
		return nil, nil, err
	}
	x.addMarks()
	if err := addCrossings(p, o, f, x.keep); err != nil {
		return nil, nil, err
	}
	if err := x.addRings(); err != nil {
		return nil, nil, err
	}
	var as arrows
	for _, a := range f.Arrows {
		if x.keep(a.From) && x.keep(a.To) { // a log axis cannot show an end ≤ 0
			as = append(as, a)
			o.lines = append(o.lines, plotter.XYs{{X: a.From.X, Y: a.From.Y}, {X: a.To.X, Y: a.To.Y}})
		}
	}
	if len(as) > 0 {
		p.Add(as)
	}
	x.axes()
	o.finish(p)
	return p, o, nil
}

// xyBuild is NewXY's state while it adds the layers of a figure.
type xyBuild struct {
	f          XY
	p          *plot.Plot
	o          *overlay
	xmin, xmax float64   // of the points drawn
	xs         []float64 // their distinct x values
	n          int       // points drawn
	anyPast    bool      // a point is past a Limit mark
	other      bool      // the "other" legend entry is in
	// For a line plot, the legend lists the series from the highest line at the right end
	// down, as the reader meets them: ends are the series' last y values, order the series
	// of each legend entry.
	ends  []float64
	order []int
}

// keep says a point can be drawn: no NaN, nothing ≤ 0 on a log axis.
func (x *xyBuild) keep(pt Point) bool {
	f := x.f
	return !math.IsNaN(pt.X) && !math.IsNaN(pt.Y) && (!f.LogX || pt.X > 0) && (!f.LogY || pt.Y > 0)
}

// past says a point is past a Limit mark.
func (x *xyBuild) past(pt Point) bool {
	for _, m := range x.f.Marks {
		if m.Limit && (m.Vertical && pt.X > m.At || !m.Vertical && pt.Y > m.At) {
			return true
		}
	}
	return false
}

// addSeries draws series i: its line (for a line plot), its points (pale past a limit,
// small dots for a cloud of more than 200) and its legend entry.
func (x *xyBuild) addSeries(i int, s Series) error {
	f, p, o := x.f, x.p, x.o
	pts := append([]Point(nil), s.Points...)
	if f.Lines {
		sort.SliceStable(pts, func(a, b int) bool { return pts[a].X < pts[b].X })
	}
	var in, out plotter.XYs
	for _, pt := range pts {
		if !x.keep(pt) {
			continue
		}
		xy := plotter.XY{X: pt.X, Y: pt.Y}
		if x.past(pt) {
			x.anyPast = true
			out = append(out, xy)
		} else {
			in = append(in, xy)
		}
		x.xmin, x.xmax = math.Min(x.xmin, pt.X), math.Max(x.xmax, pt.X)
		if !slices.Contains(x.xs, pt.X) {
			x.xs = append(x.xs, pt.X)
		}
		o.points = append(o.points, xy)
		if pt.Label != "" {
			o.labels = append(o.labels, pointLabel{X: pt.X, Y: pt.Y, Text: pt.Label})
		}
	}
	if len(in)+len(out) == 0 {
		return nil
	}
	x.n += len(in) + len(out)
	col, shape := seriesColor(i), seriesShape(i)
	radius := vg.Points(3.5)
	if len(in)+len(out) > 200 { // a cloud: small filled dots
		shape, radius = draw.CircleGlyph{}, vg.Points(1.6)
	}
	var thumbs []plot.Thumbnailer
	if f.Lines && len(in)+len(out) > 1 {
		l, err := plotter.NewLine(append(append(plotter.XYs(nil), in...), out...))
		if err != nil {
			return err
		}
		l.Color, l.Width = col, vg.Points(1.6)
		p.Add(l)
		o.lines = append(o.lines, l.XYs)
		thumbs = append(thumbs, l)
	}
	for k, xys := range []plotter.XYs{in, out} {
		if len(xys) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(xys)
		if err != nil {
			return err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: col, Shape: shape, Radius: radius}
		if k == 1 {
			sc.GlyphStyle.Color = pale(col)
		}
		p.Add(sc)
		if k == 0 || len(in) == 0 {
			thumbs = append(thumbs, sc)
		}
	}
	last := in
	if len(out) > 0 {
		last = out
	}
	x.ends = append(x.ends, last[len(last)-1].Y)
	switch {
	case s.Name == "":
	case i < MaxSeries:
		o.legend(s.Name, thumbs...)
		x.order = append(x.order, len(x.ends)-1)
	case !x.other:
		o.legend(fmt.Sprintf("other (%d series)", len(f.Series)-MaxSeries), thumbs...)
		x.other = true
	}
	return nil
}

// sortLegend orders a line plot's legend from the highest line at the right end down.
func (x *xyBuild) sortLegend() {
	o := x.o
	if !x.f.Lines || len(x.order) != len(o.entries) {
		return
	}
	idx := make([]int, len(x.order))
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(a, b int) bool { return x.ends[x.order[idx[a]]] > x.ends[x.order[idx[b]]] })
	sorted := make([]entry, len(idx))
	for k, j := range idx {
		sorted[k] = o.entries[j]
	}
	o.entries = sorted
}

// addMarks draws the reference lines, named in the legend.
func (x *xyBuild) addMarks() {
	f := x.f
	for _, m := range f.Marks {
		if (m.Vertical && f.LogX || !m.Vertical && f.LogY) && m.At <= 0 {
			continue
		}
		r := newRule(m)
		x.p.Add(r)
		x.o.rules = append(x.o.rules, m)
		if m.Label != "" {
			name := m.Label
			if m.Limit && x.anyPast {
				name += "; pale: past it"
			}
			x.o.legend(name, r)
		}
	}
}

// addRings circles the Rings points in black and labels them.
func (x *xyBuild) addRings() error {
	var xys plotter.XYs
	for _, pt := range x.f.Rings {
		if x.keep(pt) {
			xys = append(xys, plotter.XY{X: pt.X, Y: pt.Y})
			x.o.labels = append(x.o.labels, pointLabel{X: pt.X, Y: pt.Y, Text: pt.Label, Radius: vg.Points(7)})
		}
	}
	if len(xys) == 0 {
		return nil
	}
	sc, err := plotter.NewScatter(xys)
	if err != nil {
		return err
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: palette[7], Shape: thickRing{}, Radius: vg.Points(7)}
	x.p.Add(sc)
	return nil
}

// axes sets the scales and tick marks: units, log scales, ticks on the data for a line
// plot whose x values are few and spaced enough to label each (spacedForTicks); and pads
// the ranges.
func (x *xyBuild) axes() {
	f, p := x.f, x.p
	p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{f.XUnit}, linearTicks{f.YUnit}
	if f.LogX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{f.XUnit}
	}
	if f.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{f.YUnit}
	}
	if f.Lines && spacedForTicks(x.xs, f.LogX) {
		p.X.Tick.Marker = dataTicks{values: x.xs, unit: f.XUnit}
	}
	pad(p, f.LogX, f.LogY, len(x.o.labels) > 0)
}

// maxDataTicks is the most x values a line plot has its ticks at (4K to 1M context by
// doublings is 9).
const maxDataTicks = 12

// spacedForTicks says xs (distinct) can each be a labelled tick: at most maxDataTicks of
// them, and no two closer than 1/(2·maxDataTicks) of their span, in log scale if logX.
func spacedForTicks(xs []float64, logX bool) bool {
	if len(xs) > maxDataTicks {
		return false
	}
	v := slices.Clone(xs)
	if logX {
		for i := range v {
			v[i] = math.Log10(v[i])
		}
	}
	slices.Sort(v)
	if len(v) < 2 {
		return true
	}
	span := v[len(v)-1] - v[0]
	for i := 1; i < len(v); i++ {
		if v[i]-v[i-1] < span/(2*maxDataTicks) {
			return false
		}
	}
	return true
}

// addCrossings rings f's crossings in their series' colours and names them in the legend.
func addCrossings(p *plot.Plot, o *overlay, f XY, keep func(Point) bool) error {
	var first *plotter.Scatter
	for _, c := range f.Crossings {
		if !keep(c.At) {
			continue
		}
		sc, err := plotter.NewScatter(plotter.XYs{{X: c.At.X, Y: c.At.Y}})
		if err != nil {
			return err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: seriesColor(c.Series), Shape: draw.RingGlyph{}, Radius: vg.Points(7)}
		p.Add(sc)
		o.points = append(o.points, plotter.XY{X: c.At.X, Y: c.At.Y})
		if c.At.Label != "" {
			o.labels = append(o.labels, pointLabel{X: c.At.X, Y: c.At.Y, Text: c.At.Label})
		}
		if first == nil {
			first = sc
		}
	}
	if first != nil && f.CrossingLabel != "" {
		ring := *first
		ring.GlyphStyle.Color = gray
		o.legend(f.CrossingLabel, &ring)
	}
	return nil
}

// addFrontiers draws f's frontiers, dashed, in the colour of their series.
func addFrontiers(p *plot.Plot, o *overlay, f XY, keep func(Point) bool) error {
	for _, fr := range f.Frontiers {
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
			return err
		}
		l.Color = seriesColor(0)
		if fr.Name == "" && len(f.Series) > 1 { // one frontier through several series
			l.Color = gray
		}
		for j, s := range f.Series {
			if s.Name == fr.Name && fr.Name != "" {
				l.Color = seriesColor(j)
			}
		}
		l.Width = vg.Points(2)
		l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		p.Add(l)
		o.lines = append(o.lines, xys)
		name := "Pareto frontier"
		if fr.Name != "" && len(f.Frontiers) > 1 {
			name = fr.Name + ": Pareto frontier"
		}
		o.legend(name, l)
	}
	return nil
}

// addRidges draws each ridge y = FLOPsPerByte·x as a grey dashed line named on the line.
func addRidges(p *plot.Plot, o *overlay, ridges []Ridge, xmin, xmax float64, logX bool) error {
	if len(ridges) == 0 {
		return nil
	}
	lo, hi := xmin/2, xmax*2
	if !logX {
		lo, hi = xmin, xmax
	}
	for i, r := range ridges {
		xys := plotter.XYs{{X: lo, Y: r.FLOPsPerByte * lo}, {X: hi, Y: r.FLOPsPerByte * hi}}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return err
		}
		l.Color = ridgeColor
		l.Dashes = [][]vg.Length{{vg.Points(5), vg.Points(3)}, {vg.Points(2), vg.Points(2)}, {vg.Points(8), vg.Points(3), vg.Points(2), vg.Points(3)}}[i%3]
		l.Width = vg.Points(1)
		p.Add(l)
		o.lines = append(o.lines, xys)
		o.lineLabels = append(o.lineLabels, lineLabel{line: xys, text: fmt.Sprintf("%s ridge, %.0f FLOP/B", r.Name, r.FLOPsPerByte), color: ridgeColor})
	}
	o.legend("above a card's ridge line: compute-bound on it; below: memory-bound")
	return nil
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
		right = 2 // room for labels on the right
	}
	widen(&p.X, logX, right)
	widen(&p.Y, logY, 1)
}

// thickRing is a ring glyph drawn 1.5 pt wide, to circle a point.
type thickRing struct{}

// DrawGlyph implements draw.GlyphDrawer.
func (thickRing) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(1.5)})
	var p vg.Path
	p.Move(vg.Point{X: pt.X + sty.Radius, Y: pt.Y})
	p.Arc(pt, sty.Radius, 0, 2*math.Pi)
	p.Close()
	c.Stroke(p)
}
