package chart

import (
	"image/color"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// overlay is the last layer of every figure: it places the point labels where they
// overprint no point, label or frame, then the legend, on a white box, in the spot of the
// data area that hides the fewest points, labels and lines. It works on the drawn canvas,
// so it judges distances as the reader sees them.
type overlay struct {
	entries []entry
	labels  []pointLabel
	points  []plotter.XY  // markers, in data units
	radius  vg.Length     // their radius
	lines   []plotter.XYs // lines (series, roofs, ridges), in data units
	boxes   []dataBox     // filled areas (bars), in data units
	// rules are reference lines across the frame, which labels avoid too.
	rules []Mark
	// lineLabels name lines (ridges) on the line itself, near its right end.
	lineLabels []lineLabel
	// yLabel is the y axis title, drawn by the overlay centred on the data area (gonum pads
	// a log axis as if its centred title sat near the top, leaving a blank band under the
	// title of the figure); the axis itself keeps a one-space title that reserves its room.
	yLabel      string
	yLabelStyle draw.TextStyle
	// drawn is where the last drawing put the legend, beside the labels and the points and
	// boxes it kept clear of, in canvas units (for tests).
	drawn drawnLayout
	// legendAt, when set, are the spots tried for the legend, in order; otherwise the four
	// corners and the middle of the top and bottom edges.
	legendAt []spot
}

type entry struct {
	name   string
	thumbs []plot.Thumbnailer
}

// pointLabel is a text written next to the data point (X, Y).
type pointLabel struct {
	X, Y  float64
	Text  string
	Color color.Color
	// Radius, when set, is the marker's radius if larger than the overlay's (a ring).
	Radius vg.Length
}

// drawnLayout is what an overlay drew where, in canvas units.
type drawnLayout struct {
	legend vg.Rectangle
	labels []vg.Rectangle
	points []vg.Point
	boxes  []vg.Rectangle
	// lineLabels are the names written on lines (ridges, roofs), in the lines' order;
	// segments the lines they and the other labels keep clear of.
	lineLabels []vg.Rectangle
	segments   [][2]vg.Point
}

// lineLabel is a text written along a line, above it.
type lineLabel struct {
	line  plotter.XYs
	text  string
	color color.Color
}

// dataBox is a rectangle in data units (a bar).
type dataBox struct{ x0, y0, x1, y1 float64 }

// spot is a legend position: at the top or bottom edge, at the left, centre or right.
type spot struct {
	top      bool
	position int // -1 left, 0 centre, 1 right
}

func newOverlay() *overlay { return &overlay{radius: vg.Points(3.5)} }

// legend adds a legend entry.
func (o *overlay) legend(name string, thumbs ...plot.Thumbnailer) {
	o.entries = append(o.entries, entry{name, thumbs})
}

// Plot implements plot.Plotter.
func (o *overlay) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(xy plotter.XY) vg.Point { return vg.Point{X: trX(xy.X), Y: trY(xy.Y)} }
	var pts []vg.Point
	for _, xy := range o.points {
		pts = append(pts, at(xy))
	}
	var segs [][2]vg.Point
	for _, l := range o.lines {
		for i := 1; i < len(l); i++ {
			segs = append(segs, clipSegment(at(l[i-1]), at(l[i]), c.Rectangle))
		}
	}
	for _, m := range o.rules {
		if m.Vertical {
			x := trX(m.At)
			segs = append(segs, [2]vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: c.Max.Y}})
		} else {
			y := trY(m.At)
			segs = append(segs, [2]vg.Point{{X: c.Min.X, Y: y}, {X: c.Max.X, Y: y}})
		}
	}
	var boxes []vg.Rectangle
	for _, b := range o.boxes {
		boxes = append(boxes, vg.Rectangle{Min: vg.Point{X: trX(b.x0), Y: trY(b.y0)}, Max: vg.Point{X: trX(b.x1), Y: trY(b.y1)}})
	}
	if o.yLabel != "" {
		sty := o.yLabelStyle
		sty.Rotation += math.Pi / 2
		// The figure is drawn from x = 0 (Save); gonum puts an axis title there too.
		x := o.yLabelStyle.Height(o.yLabel) - o.yLabelStyle.FontExtents().Descent
		c.FillText(sty, vg.Point{X: x, Y: c.Center().Y}, o.yLabel)
	}
	placed := o.placeLineLabels(c, at, pts, segs)
	placed = append(placed, o.placeLabels(c, at, pts, segs, boxes, placed)...)
	o.drawLegend(c, pts, segs, boxes, placed)
}

// fillIn writes one line of text so that its ink, ascent to descent, fills r (r's height is
// sty.Height(text)). gonum puts a bottom-aligned line's baseline at the point's y plus the
// font size minus the ascent, which leaves the descenders (the g of dense_gate_up) about a
// tenth of the size below r, where a line r was chosen to miss could strike them.
func fillIn(c draw.Canvas, sty draw.TextStyle, r vg.Rectangle, text string) {
	e := sty.FontExtents()
	c.FillText(sty, vg.Point{X: r.Min.X, Y: r.Min.Y + e.Ascent + e.Descent - sty.Font.Size}, text)
}

// labelStyle is the text style of point labels.
func labelStyle(col color.Color) draw.TextStyle {
	sty := plot.NewLegend().TextStyle
	sty.Font.Size = vg.Points(labelSize)
	sty.Color = col
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	return sty
}

// placeLabels writes every label next to its point, at the first of eight spots around
// it that is inside the frame and covers no point, box or label already placed (and no
// line). Labels with no such spot are crowded: those of points close together are stacked
// in a column beside the group, in the order of their points' heights, each with a leader
// line; a label that fits nowhere goes to the nearest spot of a wider search.
func (o *overlay) placeLabels(c draw.Canvas, at func(plotter.XY) vg.Point, pts []vg.Point, segs [][2]vg.Point, boxes, taken []vg.Rectangle) []vg.Rectangle {
	l := &labeller{o: o, c: c, pts: pts, segs: segs, boxes: boxes, placed: append([]vg.Rectangle(nil), taken...)}
	var items []labelItem
	for _, pl := range o.labels {
		col := pl.Color
		if col == nil {
			col = color.Black
		}
		sty := labelStyle(col)
		items = append(items, labelItem{p: at(plotter.XY{X: pl.X, Y: pl.Y}), w: sty.Width(pl.Text), h: sty.Height(pl.Text), sty: sty,
			text: pl.Text, gap: max(o.radius, pl.Radius) + vg.Points(2)})
	}
	var crowded []labelItem
	for i, it := range items {
		if inCrowd(items, i) || !l.beside(it) {
			crowded = append(crowded, it)
		}
	}
	for _, g := range crowds(crowded) {
		l.column(g)
	}
	return l.placed[len(taken):]
}

// labelItem is a label to place: its point, size, style and text, and its distance from
// the point's centre.
type labelItem struct {
	p    vg.Point
	w, h vg.Length
	sty  draw.TextStyle
	text string
	gap  vg.Length
}

// labeller places labels on a drawn canvas, keeping clear of what is already there.
type labeller struct {
	o      *overlay
	c      draw.Canvas
	pts    []vg.Point
	segs   [][2]vg.Point
	boxes  []vg.Rectangle
	placed []vg.Rectangle
}

// write draws it in r, with a leader line from its point if asked.
func (l *labeller) write(it labelItem, r vg.Rectangle, leader bool) {
	if leader {
		end := nearestOn(r, it.p)
		l.c.StrokeLine2(draw.LineStyle{Color: color.Gray{Y: 130}, Width: vg.Points(0.5)}, it.p.X, it.p.Y, end.X, end.Y)
	}
	fillIn(l.c, it.sty, r, it.text)
	l.placed = append(l.placed, r)
}

// free says r is inside the frame and covers no point, box or placed label (nor line, if
// lines).
func (l *labeller) free(r vg.Rectangle, lines bool) bool {
	if !inside(r, l.c.Rectangle) {
		return false
	}
	var ls [][2]vg.Point
	if lines {
		ls = l.segs
	}
	return l.o.cover(r, l.placed, l.pts, ls, l.boxes, 100) == 0
}

// beside writes it at the first free spot next to its point; false if there is none.
func (l *labeller) beside(it labelItem) bool {
	for _, dir := range labelDirs {
		if r := labelRect(it.p, it.w, it.h, it.gap, dir); l.free(r, true) {
			l.write(it, r, false)
			return true
		}
	}
	return false
}

// column stacks a crowd's labels beside it clear of lines if it can; otherwise it writes
// them, with leader lines, either stacked across lines or each at the cheapest spot of
// rings further out, whichever hides fewer lines, points and labels.
func (l *labeller) column(g []labelItem) {
	si := make([]stackItem, len(g))
	for i, it := range g {
		si[i] = stackItem{it.p, it.w, it.h}
	}
	rects, ok := l.o.stack(l.c, si, func(r vg.Rectangle) bool { return l.free(r, true) })
	if !ok {
		ring := l.rings(g)
		rects, ok = l.o.stack(l.c, si, func(r vg.Rectangle) bool { return l.free(r, false) })
		if !ok || l.hidden(ring) < l.hidden(rects) {
			rects = ring
		}
	}
	for i, it := range g {
		l.write(it, rects[i], true)
	}
}

// rings finds each of g's labels the cheapest spot on rings around its point, half a
// label's height apart, clear of what is placed and of the spots found for the labels before
// it; nearer rings win ties (a quarter of a line crossing per ring).
func (l *labeller) rings(g []labelItem) []vg.Rectangle {
	taken := slices.Clone(l.placed)
	var out []vg.Rectangle
	for _, it := range g {
		best, bestCost := labelRect(it.p, it.w, it.h, it.gap, labelDirs[0]), math.Inf(1)
		for ring := 1; ring < 20; ring++ {
			for _, dir := range labelDirs {
				r := labelRect(it.p, it.w, it.h, it.gap+vg.Length(ring)*it.h*0.55, dir)
				if !inside(r, l.c.Rectangle) {
					continue
				}
				if cost := l.o.cover(r, taken, l.pts, l.segs, l.boxes, 100) + 0.25*float64(ring); cost < bestCost {
					best, bestCost = r, cost
				}
			}
		}
		taken = append(taken, best)
		out = append(out, best)
	}
	return out
}

// hidden is what labels at rects would hide: 100 for each point, box or label they cover
// (one another included), 1 for each line through one.
func (l *labeller) hidden(rects []vg.Rectangle) float64 {
	taken := slices.Clone(l.placed)
	cost := 0.0
	for _, r := range rects {
		cost += l.o.cover(r, taken, l.pts, l.segs, l.boxes, 100)
		taken = append(taken, r)
	}
	return cost
}

// inCrowd says item i's point has two others within 30 pt across and 40 pt up or down: its
// label goes to the crowd's column even if a spot beside it is free.
func inCrowd(items []labelItem, i int) bool {
	n := 0
	for j, jt := range items {
		if i != j && math.Abs(float64(items[i].p.X-jt.p.X)) < 30 && math.Abs(float64(items[i].p.Y-jt.p.Y)) < 40 {
			n++
		}
	}
	return n >= 2
}

// crowds groups labels by their points' closeness (single link: 40 pt across, 80 up or
// down), each group highest point first.
func crowds(items []labelItem) [][]labelItem {
	items = slices.Clone(items)
	sort.SliceStable(items, func(a, b int) bool { return items[a].p.Y > items[b].p.Y })
	var groups [][]labelItem
	for _, it := range items {
		joined := false
		for g := range groups {
			for _, m := range groups[g] {
				if math.Abs(float64(m.p.X-it.p.X)) < 40 && math.Abs(float64(m.p.Y-it.p.Y)) < 80 {
					groups[g] = append(groups[g], it)
					joined = true
					break
				}
			}
			if joined {
				break
			}
		}
		if !joined {
			groups = append(groups, []labelItem{it})
		}
	}
	return groups
}

// labelDirs are the spots tried around a point, in order: right, left, above, below, then
// the diagonals.
var labelDirs = [][2]float64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}}

// stackItem is a label to stack: its point and size.
type stackItem struct {
	p    vg.Point
	w, h vg.Length
}

// stack places a column of labels (given highest point first) to the right of their points,
// or to the left, further out step by step, centred on their mean height and kept inside
// the frame; ok is false when no column is free.
func (o *overlay) stack(c draw.Canvas, items []stackItem, free func(vg.Rectangle) bool) ([]vg.Rectangle, bool) {
	var lo, hi, meanY, maxW, step vg.Length
	lo, hi = items[0].p.X, items[0].p.X
	for _, it := range items {
		lo, hi = min(lo, it.p.X), max(hi, it.p.X)
		meanY += it.p.Y / vg.Length(len(items))
		maxW = max(maxW, it.w)
		step = max(step, it.h*1.2)
	}
	height := step * vg.Length(len(items))
	top := min(meanY+height/2, c.Max.Y)
	top = max(top, c.Min.Y+height)
	for k := 0; k < 6; k++ {
		off := o.radius + vg.Points(14) + vg.Length(k)*vg.Points(18)
		for _, left := range []bool{false, true} {
			x := hi + off
			if left {
				x = lo - off - maxW
			}
			var rects []vg.Rectangle
			ok := true
			for i, it := range items {
				y := top - vg.Length(i+1)*step
				r := vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + it.w, Y: y + it.h}}
				if left {
					r.Min.X, r.Max.X = x+maxW-it.w, x+maxW
				}
				if !free(r) {
					ok = false
					break
				}
				for _, q := range rects {
					if overlaps(q, r) {
						ok = false
					}
				}
				rects = append(rects, r)
			}
			if ok {
				return rects, true
			}
		}
	}
	return nil, false
}

// placeLineLabels writes each line's name just above the line (to the left of a point on
// it), as near its right end as fits in the frame without crossing the line or covering a
// point or another label. A rising line (a ridge) may take its name just below it instead
// (to the right of the point), which keeps the name of the lower of two close lines off
// the upper one: the first spot from the right end that no other line crosses wins, above
// before below, else the spot crossed by the fewest.
func (o *overlay) placeLineLabels(c draw.Canvas, at func(plotter.XY) vg.Point, pts []vg.Point, segs [][2]vg.Point) []vg.Rectangle {
	var placed []vg.Rectangle
	for _, ll := range o.lineLabels {
		if len(ll.line) < 2 {
			continue
		}
		sty := labelStyle(ll.color)
		w, h := sty.Width(ll.text), sty.Height(ll.text)
		var own [][2]vg.Point
		for i := 1; i < len(ll.line); i++ {
			own = append(own, clipSegment(at(ll.line[i-1]), at(ll.line[i]), c.Rectangle))
		}
		a, b := own[len(own)-1][0], own[len(own)-1][1]
		rising := b.Y-a.Y > (b.X-a.X)/10
		gap := vg.Points(2)
		var best vg.Rectangle
		found, bestCost := false, math.Inf(1)
		for f := 1.0; f >= 0 && bestCost > 0; f -= 0.01 {
			q := vg.Point{X: a.X + (b.X-a.X)*vg.Length(f), Y: a.Y + (b.Y-a.Y)*vg.Length(f)}
			above := vg.Rectangle{Min: vg.Point{X: q.X - w - gap, Y: q.Y + gap}}
			above.Max = vg.Point{X: above.Min.X + w, Y: above.Min.Y + h}
			spots := []vg.Rectangle{above}
			if rising {
				below := vg.Rectangle{Min: vg.Point{X: q.X + gap, Y: q.Y - gap - h}}
				below.Max = vg.Point{X: below.Min.X + w, Y: below.Min.Y + h}
				spots = append(spots, below)
			}
			for _, r := range spots {
				if !inside(r, c.Rectangle) {
					continue
				}
				if o.cover(r, placed, pts, own, nil, 100) > 0 {
					continue
				}
				// Other lines through the label: allowed, but the first spot clear of them wins.
				if cost := o.cover(r, nil, nil, segs, nil, 0); cost < bestCost {
					best, found, bestCost = r, true, cost
				}
				if bestCost == 0 {
					break
				}
			}
		}
		if !found {
			continue
		}
		fillIn(c, sty, best, ll.text)
		placed = append(placed, best)
	}
	o.drawn.lineLabels = placed
	return placed
}

// labelRect is the box of a w×h label at distance d from p in direction dir.
// cover is what r hides: heavy for each point, box and placed label, 1 for each line
// segment through it.
func (o *overlay) cover(r vg.Rectangle, placed []vg.Rectangle, pts []vg.Point, segs [][2]vg.Point, boxes []vg.Rectangle, heavy float64) float64 {
	cost := 0.0
	for _, q := range placed {
		if overlaps(r, q) {
			cost += heavy
		}
	}
	for _, q := range boxes {
		if overlaps(r, q) {
			cost += heavy
		}
	}
	for _, q := range pts {
		if hitsPoint(r, q, o.radius) {
			cost += heavy
		}
	}
	for _, s := range segs {
		if crosses(r, s) {
			cost++
		}
	}
	return cost
}

func labelRect(p vg.Point, w, h, d vg.Length, dir [2]float64) vg.Rectangle {
	var x, y vg.Length
	switch {
	case dir[0] > 0:
		x = p.X + d*vg.Length(math.Abs(dir[0]))
	case dir[0] < 0:
		x = p.X - d*vg.Length(math.Abs(dir[0])) - w
	default:
		x = p.X - w/2
	}
	switch {
	case dir[1] > 0:
		y = p.Y + d*0.8
	case dir[1] < 0:
		y = p.Y - d*0.8 - h
	default:
		y = p.Y - h/2
	}
	return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
}

// drawLegend draws the legend at the spot that costs least: points, labels and boxes under
// it count 3, line segments 1.
func (o *overlay) drawLegend(c draw.Canvas, pts []vg.Point, segs [][2]vg.Point, boxes, labels []vg.Rectangle) {
	if len(o.entries) == 0 {
		return
	}
	l := plot.NewLegend()
	l.TextStyle.Font.Size = vg.Points(legendSize)
	l.Padding = vg.Points(2)
	l.ThumbnailWidth = vg.Points(22)
	l.Top, l.Left = true, true
	var w, h vg.Length
	enth := vg.Length(0)
	for _, e := range o.entries {
		l.Add(e.name, e.thumbs...)
		w = max(w, l.ThumbnailWidth+l.TextStyle.Rectangle(" "+e.name).Max.X)
		enth = max(enth, l.TextStyle.Rectangle(e.name).Max.Y)
	}
	h = vg.Length(len(o.entries))*enth + vg.Length(len(o.entries)-1)*l.Padding
	margin, pad := vg.Points(6), vg.Points(4)
	spots := o.legendAt
	if len(spots) == 0 {
		spots = []spot{{true, -1}, {true, 1}, {false, 1}, {false, -1}, {true, 0}, {false, 0}}
	}
	var best vg.Rectangle
	bestCost := math.Inf(1)
	for _, s := range spots {
		var r vg.Rectangle
		switch s.position {
		case -1:
			r.Min.X = c.Min.X + margin
		case 1:
			r.Min.X = c.Max.X - margin - w
		default:
			r.Min.X = (c.Min.X+c.Max.X)/2 - w/2
		}
		if s.top {
			r.Min.Y = c.Max.Y - margin - h
		} else {
			r.Min.Y = c.Min.Y + margin
		}
		r.Max = vg.Point{X: r.Min.X + w, Y: r.Min.Y + h}
		cost := o.cover(grow(r, pad), labels, pts, segs, boxes, 3)
		if cost < bestCost {
			best, bestCost = r, cost
		}
	}
	box := grow(best, pad)
	o.drawn = drawnLayout{legend: box, labels: labels, points: pts, boxes: boxes, lineLabels: o.drawn.lineLabels, segments: segs}
	c.SetColor(color.White)
	c.Fill(box.Path())
	c.StrokeLines(draw.LineStyle{Color: color.Gray{Y: 170}, Width: vg.Points(0.5)},
		[]vg.Point{box.Min, {X: box.Max.X, Y: box.Min.Y}, box.Max, {X: box.Min.X, Y: box.Max.Y}, box.Min})
	l.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: best})
}

// DataRange implements plot.DataRanger: the overlay adds nothing to the axes.
func (o *overlay) DataRange() (xmin, xmax, ymin, ymax float64) {
	inf := math.Inf(1)
	return inf, -inf, inf, -inf
}

// finish adds the overlay as the figure's last layer.
func (o *overlay) finish(p *plot.Plot) {
	if p.Y.Label.Text != "" && p.Y.Label.Position == draw.PosCenter {
		o.yLabel, o.yLabelStyle = p.Y.Label.Text, p.Y.Label.TextStyle
		p.Y.Label.Text = " "
	}
	p.Add(o)
}

func grow(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: r.Min.X - d, Y: r.Min.Y - d}, Max: vg.Point{X: r.Max.X + d, Y: r.Max.Y + d}}
}

func inside(r, frame vg.Rectangle) bool {
	return r.Min.X >= frame.Min.X && r.Max.X <= frame.Max.X && r.Min.Y >= frame.Min.Y && r.Max.Y <= frame.Max.Y
}

func overlaps(a, b vg.Rectangle) bool {
	lo := func(a, b vg.Length) vg.Length { return min(a, b) }
	hi := func(a, b vg.Length) vg.Length { return max(a, b) }
	return hi(a.Min.X, b.Min.X) < lo(a.Max.X, b.Max.X) && hi(a.Min.Y, b.Min.Y) < lo(a.Max.Y, b.Max.Y)
}

func hitsPoint(r vg.Rectangle, p vg.Point, radius vg.Length) bool {
	return overlaps(r, vg.Rectangle{Min: vg.Point{X: p.X - radius, Y: p.Y - radius}, Max: vg.Point{X: p.X + radius, Y: p.Y + radius}})
}

// nearestOn is the point of r closest to p (where a leader line ends).
func nearestOn(r vg.Rectangle, p vg.Point) vg.Point {
	return vg.Point{X: min(max(p.X, r.Min.X), r.Max.X), Y: min(max(p.Y, r.Min.Y), r.Max.Y)}
}

// crosses says segment s passes through rectangle r (Liang–Barsky clipping).
func crosses(r vg.Rectangle, s [2]vg.Point) bool {
	x0, y0 := float64(s[0].X), float64(s[0].Y)
	dx, dy := float64(s[1].X)-x0, float64(s[1].Y)-y0
	t0, t1 := 0.0, 1.0
	for _, e := range [][2]float64{{-dx, x0 - float64(r.Min.X)}, {dx, float64(r.Max.X) - x0}, {-dy, y0 - float64(r.Min.Y)}, {dy, float64(r.Max.Y) - y0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// clipSegment keeps a segment's end points finite (lines drawn far past the frame).
func clipSegment(a, b vg.Point, frame vg.Rectangle) [2]vg.Point {
	clamp := func(p vg.Point) vg.Point {
		big := vg.Length(1e6)
		return vg.Point{X: min(max(p.X, frame.Min.X-big), frame.Max.X+big), Y: min(max(p.Y, frame.Min.Y-big), frame.Max.Y+big)}
	}
	return [2]vg.Point{clamp(a), clamp(b)}
}
