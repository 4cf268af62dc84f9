package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Mark is a reference line across a whole figure: vertical at x = At, or horizontal at
// y = At (a TPOT target, a budget, a price).
type Mark struct {
	// Vertical draws the line at x = At; otherwise at y = At.
	Vertical bool
	// At is the line's position, in the units of its axis.
	At float64
	// Label names the line in the legend; "" leaves it out of the legend.
	Label string
	// Limit says points past the line (x > At for a vertical mark, y > At otherwise) miss a
	// target: they are drawn pale.
	Limit bool
}

// gray is the colour of reference lines; ridgeColor of ridge lines.
var (
	gray       = color.Gray{Y: 60}
	ridgeColor = color.Gray{Y: 90}
)

// rule draws a Mark; it widens its own axis to include At.
type rule struct {
	Mark
	style draw.LineStyle
}

func newRule(m Mark) rule {
	return rule{Mark: m, style: draw.LineStyle{Color: gray, Width: vg.Points(1.3), Dashes: []vg.Length{vg.Points(2), vg.Points(3)}}}
}

// Plot implements plot.Plotter.
func (r rule) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	if r.Vertical {
		x := trX(r.At)
		c.StrokeLine2(r.style, x, c.Min.Y, x, c.Max.Y)
		return
	}
	y := trY(r.At)
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
}

// DataRange implements plot.DataRanger: At on its axis, nothing on the other.
func (r rule) DataRange() (xmin, xmax, ymin, ymax float64) {
	inf := math.Inf(1)
	if r.Vertical {
		return r.At, r.At, inf, -inf
	}
	return inf, -inf, r.At, r.At
}

// Thumbnail implements plot.Thumbnailer, for the legend.
func (r rule) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(r.style, c.Min.X, y, c.Max.X, y)
}

// arrows draws Arrows, each in its series' colour with its head at To.
type arrows []Arrow

// Plot implements plot.Plotter.
func (as arrows) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, a := range as {
		x0, y0, x1, y1 := trX(a.From.X), trY(a.From.Y), trX(a.To.X), trY(a.To.Y)
		sty := draw.LineStyle{Color: seriesColor(a.Series), Width: vg.Points(1.2)}
		dx, dy := float64(x1-x0), float64(y1-y0)
		d := math.Hypot(dx, dy)
		if d < 1 {
			continue
		}
		ux, uy := dx/d, dy/d
		// Stop short of the end points' markers.
		gap := 5.0
		sx, sy := x0+vg.Length(ux*gap), y0+vg.Length(uy*gap)
		ex, ey := x1-vg.Length(ux*gap), y1-vg.Length(uy*gap)
		c.StrokeLine2(sty, sx, sy, ex, ey)
		head := 7.0
		for _, s := range []float64{-1, 1} {
			ang := math.Atan2(uy, ux) + math.Pi - s*0.4
			c.StrokeLine2(sty, ex, ey, ex+vg.Length(head*math.Cos(ang)), ey+vg.Length(head*math.Sin(ang)))
		}
	}
}

// DataRange implements plot.DataRanger: both ends of every arrow.
func (as arrows) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, a := range as {
		for _, pt := range []Point{a.From, a.To} {
			xmin, xmax = math.Min(xmin, pt.X), math.Max(xmax, pt.X)
			ymin, ymax = math.Min(ymin, pt.Y), math.Max(ymax, pt.Y)
		}
	}
	return
}
