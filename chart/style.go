package chart

import (
	"image/color"
	"math"
	"strconv"

	"github.com/decost/decost/render"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MaxSeries is the most series one panel shows in colour; further ones are drawn in grey
// under one legend entry, "other", so that no two series share a colour.
const MaxSeries = 8

// palette is the Okabe–Ito colour-blind-safe palette (yellow left out: it does not show on
// white), then black: the colours of series 0..7 in every figure.
var palette = []color.Color{
	color.RGBA{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	color.RGBA{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	color.RGBA{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	color.RGBA{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	color.RGBA{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	color.RGBA{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	color.RGBA{R: 0x66, G: 0x4E, B: 0x2E, A: 0xFF}, // brown
	color.Black,
}

// otherColor draws series past MaxSeries and de-emphasised points.
var otherColor = color.Gray{Y: 175}

// seriesColor is the colour of series i (grey from MaxSeries on).
func seriesColor(i int) color.Color {
	if i < 0 || i >= len(palette) {
		return otherColor
	}
	return palette[i]
}

// seriesShape is the marker of series i: filled and hollow shapes alternate so that series
// stay apart in print without colour. Hollow ones are stroked outlineWidth wide.
func seriesShape(i int) draw.GlyphDrawer {
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, outlined{draw.RingGlyph{}},
		outlined{draw.SquareGlyph{}}, outlined{draw.TriangleGlyph{}}, outlined{draw.CrossGlyph{}}, outlined{draw.PlusGlyph{}}}
	if i < 0 {
		i = 0
	}
	return shapes[i%len(shapes)]
}

// outlineWidth is the least stroke of a hollow series marker. gonum strokes its hollow
// glyphs 0.5 pt wide: a sky-blue triangle or an orange square that thin is hardly seen,
// and not at all drawn pale past a limit (the 1-FFN-instance plans of an AFD frontier).
const outlineWidth = 1.1 // points

// outlined draws a hollow glyph with its lines at least outlineWidth wide.
type outlined struct{ draw.GlyphDrawer }

// DrawGlyph implements draw.GlyphDrawer.
func (o outlined) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	wide := draw.Canvas{Canvas: wideLines{c.Canvas}, Rectangle: c.Rectangle}
	o.GlyphDrawer.DrawGlyph(&wide, sty, pt)
}

// wideLines is a canvas whose lines are at least outlineWidth wide.
type wideLines struct{ vg.Canvas }

// SetLineWidth implements vg.Canvas.
func (w wideLines) SetLineWidth(l vg.Length) { w.Canvas.SetLineWidth(max(l, vg.Points(outlineWidth))) }

// pale is c at a third of its strength over white: points past a limit.
func pale(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8(255 - (255-float64(v>>8))/3) }
	return color.RGBA{R: mix(r), G: mix(g), B: mix(b), A: 0xFF}
}

// Font sizes of every figure, in points.
const (
	titleSize  = 12
	axisSize   = 11
	tickSize   = 10
	legendSize = 9.5
	labelSize  = 8.5
)

// style sets the look shared by decost's figures: font sizes, light grid, title close to
// the plot. The legend is placed when the figure is drawn (see overlay).
func style(p *plot.Plot) {
	p.Title.TextStyle.Font.Size = vg.Points(titleSize)
	p.Title.Padding = vg.Points(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(axisSize)
		a.Tick.Label.Font.Size = vg.Points(tickSize)
		a.Padding = vg.Points(2)
	}
	p.Legend.TextStyle.Font.Size = vg.Points(legendSize)
	p.Legend.Padding = vg.Points(2)
	p.Legend.ThumbnailWidth = vg.Points(22)
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = color.Gray{Y: 225}, color.Gray{Y: 225}
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.5), vg.Points(0.5)
	p.Add(g)
}

// Unit says how an axis's tick labels are written.
type Unit int

const (
	// Plain numbers as tables write them: 0.05, 7500, 2e8.
	Plain Unit = iota
	// Bytes with decimal prefixes (10^6 = MB, 10^9 = GB): 200 MB, 1.5 GB.
	Bytes
	// Tokens with K = 1024 for multiples of 1024 (8K, 128K), as context lengths are named.
	Tokens
	// FLOPs with decimal prefixes: 50 GFLOP, 1.2 TFLOP.
	FLOPs
)

// label writes v in unit u.
func (u Unit) label(v float64) string {
	switch u {
	case Bytes:
		return siLabel(v, "B")
	case FLOPs:
		return siLabel(v, "FLOP")
	case Tokens:
		for _, s := range []struct {
			div    float64
			suffix string
		}{{1 << 20, "M"}, {1 << 10, "K"}} {
			if v >= s.div && math.Mod(v, s.div/4) == 0 {
				return strconv.FormatFloat(v/s.div, 'g', 4, 64) + s.suffix
			}
		}
	}
	return render.Sig(3)(v)
}

// siLabel writes v with a decimal prefix and a unit: 200 MB, 1.5 GB, 50 GFLOP.
func siLabel(v float64, unit string) string {
	prefixes := []struct {
		mult float64
		p    string
	}{{1e15, "P"}, {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}
	for _, pf := range prefixes {
		if math.Abs(v) >= pf.mult {
			return strconv.FormatFloat(v/pf.mult, 'g', 3, 64) + " " + pf.p + unit
		}
	}
	return strconv.FormatFloat(v, 'g', 3, 64) + " " + unit
}

// dataTicks marks an axis at the data's own values (a few contexts: 8K, 32K, 128K), so that
// no tick sits between points that mean something.
type dataTicks struct {
	values []float64
	unit   Unit
}

// Ticks implements plot.Ticker.
func (d dataTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for _, v := range d.values {
		if v >= lo && v <= hi {
			out = append(out, plot.Tick{Value: v, Label: d.unit.label(v)})
		}
	}
	return out
}
