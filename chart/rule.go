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
}

// gray is the colour of reference lines.
var gray = color.Gray{Y: 110}

// rule draws a Mark; it widens its own axis to include At.
type rule struct {
	Mark
	style draw.LineStyle
}

func newRule(m Mark) rule {
	return rule{Mark: m, style: draw.LineStyle{Color: gray, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(2), vg.Points(3)}}}
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
