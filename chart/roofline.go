package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// RooflinePoint is one operation on a roofline chart.
type RooflinePoint struct {
	// Label names the operation next to its point.
	Label string
	// Group is the layer kind (or "every layer") the operation belongs to: one colour
	// and legend entry per group.
	Group string
	// IntensityFLOPsPerByte is its arithmetic intensity in FLOP/byte.
	IntensityFLOPsPerByte float64
	// IdealFLOPsPerSecond and CalibratedFLOPsPerSecond are its FLOPs divided by its ideal and
	// calibrated times, in FLOP/s.
	IdealFLOPsPerSecond      float64
	CalibratedFLOPsPerSecond float64
}

// Roofline draws the classic log-log roofline chart of card hw: attainable FLOP/s against
// arithmetic intensity, with the card's compute roof for each format in formats and its
// memory-bandwidth roof (solid: datasheet; dashed: under profile p), each named on the line,
// and each operation at its calibrated (filled, labelled) and ideal (hollow, joined to it by
// a thin line) attainable rate, coloured by its group. Points of intensity ≤ 0 are left out.
func Roofline(title string, hw hardware.Accelerator, p hardware.Profile, formats []precision.Format, points []RooflinePoint) (*plot.Plot, error) {
	pl, _, err := newRoofline(title, hw, p, formats, points)
	return pl, err
}

// newRoofline is Roofline, also returning the chart's overlay (for tests).
func newRoofline(title string, hw hardware.Accelerator, p hardware.Profile, formats []precision.Format, points []RooflinePoint) (*plot.Plot, *overlay, error) {
	if len(formats) == 0 {
		return nil, nil, fmt.Errorf("roofline chart: no compute format")
	}
	const tera = 1e12
	bw := hw.MemoryBytesPerSecond
	// The x range covers every point and every ridge, with a factor 2 of margin (4 on the
	// right, for the roofs' names).
	xmin, xmax := 1.0, 1.0
	ymin := math.Inf(1)
	var peakMax float64
	for _, f := range formats {
		g, peak := hw.Compute(f)
		xmax = math.Max(xmax, peak/bw)
		peakMax = math.Max(peakMax, peak)
		ymin = math.Min(ymin, peak*p.ComputeFractionOf(g))
	}
	var kept []RooflinePoint
	for _, pt := range points {
		if !(pt.IntensityFLOPsPerByte > 0) || !(pt.CalibratedFLOPsPerSecond > 0) {
			continue
		}
		kept = append(kept, pt)
		xmin = math.Min(xmin, pt.IntensityFLOPsPerByte)
		xmax = math.Max(xmax, pt.IntensityFLOPsPerByte)
		ymin = math.Min(ymin, pt.CalibratedFLOPsPerSecond)
	}
	xmin, xmax = xmin/2, xmax*4
	ymin = math.Min(ymin, xmin*bw*p.BandwidthFraction) / 2

	pl := plot.New()
	pl.Title.Text = title
	pl.X.Label.Text = "arithmetic intensity (FLOP/byte, log scale)"
	pl.Y.Label.Text = "attainable performance (TFLOP/s, log scale)"
	style(pl)
	o := newOverlay()
	o.radius = vg.Points(3)
	pl.X.Scale, pl.Y.Scale = plot.LogScale{}, plot.LogScale{}
	pl.X.Tick.Marker, pl.Y.Tick.Marker = logTicks{}, logTicks{}
	pl.X.Min, pl.X.Max = xmin, xmax
	pl.Y.Min, pl.Y.Max = ymin/tera, peakMax*2.5/tera

	if err := addRoofs(pl, o, hw, p, formats, xmin, xmax); err != nil {
		return nil, nil, err
	}
	if err := rooflinePoints(pl, o, mergeCoincident(kept)); err != nil {
		return nil, nil, err
	}
	o.finish(pl)
	return pl, o, nil
}

// rooflinePoints draws the operations: one colour per group, calibrated filled and
// labelled, ideal hollow, a thin line between the two.
func rooflinePoints(pl *plot.Plot, o *overlay, kept []RooflinePoint) error {
	const tera = 1e12
	var groups []string
	for _, pt := range kept {
		if !slices.Contains(groups, pt.Group) {
			groups = append(groups, pt.Group)
		}
	}
	for gi, g := range groups {
		col := seriesColor(gi)
		var idealXY, calXY plotter.XYs
		for _, pt := range kept {
			if pt.Group != g {
				continue
			}
			i := plotter.XY{X: pt.IntensityFLOPsPerByte, Y: pt.IdealFLOPsPerSecond / tera}
			c := plotter.XY{X: pt.IntensityFLOPsPerByte, Y: pt.CalibratedFLOPsPerSecond / tera}
			idealXY, calXY = append(idealXY, i), append(calXY, c)
			link, err := plotter.NewLine(plotter.XYs{i, c})
			if err != nil {
				return err
			}
			link.Color, link.Width = col, vg.Points(0.6)
			pl.Add(link)
			o.lines = append(o.lines, link.XYs)
			o.points = append(o.points, i, c)
			o.labels = append(o.labels, pointLabel{X: c.X, Y: c.Y, Text: pt.Label, Color: col})
		}
		is, err := plotter.NewScatter(idealXY)
		if err != nil {
			return err
		}
		is.GlyphStyle = draw.GlyphStyle{Shape: draw.RingGlyph{}, Radius: vg.Points(3), Color: col}
		cs, err := plotter.NewScatter(calXY)
		if err != nil {
			return err
		}
		filled := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}}
		cs.GlyphStyle = draw.GlyphStyle{Shape: filled[gi%len(filled)], Radius: vg.Points(3), Color: col}
		pl.Add(is, cs)
		if g != "" {
			o.legend(g, cs)
		}
	}
	if len(kept) > 0 {
		ring := draw.GlyphStyle{Shape: draw.RingGlyph{}, Radius: vg.Points(3), Color: color.Gray{Y: 60}}
		dot := ring
		dot.Shape = draw.CircleGlyph{}
		o.legend("filled: calibrated time; hollow: ideal time (on the datasheet roof)", glyph{dot, -5}, glyph{ring, 5})
	}
	return nil
}

// nearRatio says positive a and b differ by less than tol in log scale: |ln(a/b)| < tol
// (tol 0.1 is about 10%).
func nearRatio(a, b, tol float64) bool { return math.Abs(math.Log(a/b)) < tol }

// mergeCoincident joins points of one group whose calibrated positions lie within 3% of
// each other on both axes into one point labelled with all their names, so that labels do
// not overprint.
func mergeCoincident(points []RooflinePoint) []RooflinePoint {
	var out []RooflinePoint
	for _, p := range points {
		merged := false
		for i := range out {
			if out[i].Group == p.Group && nearRatio(out[i].IntensityFLOPsPerByte, p.IntensityFLOPsPerByte, 0.03) && nearRatio(out[i].CalibratedFLOPsPerSecond, p.CalibratedFLOPsPerSecond, 0.03) {
				out[i].Label += ", " + p.Label
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, p)
		}
	}
	return out
}

// glyph is a legend thumbnail of one marker, dx points right of the thumbnail's centre.
type glyph struct {
	style draw.GlyphStyle
	dx    vg.Length
}

// Thumbnail implements plot.Thumbnailer.
func (g glyph) Thumbnail(c *draw.Canvas) {
	p := c.Center()
	p.X += g.dx
	c.DrawGlyph(g.style, p)
}

// addRoofs draws the compute and memory roofs of hw for each format, from xmin to xmax:
// solid at the datasheet's peak and bandwidth, dashed under profile p, each named on its
// flat part.
func addRoofs(pl *plot.Plot, o *overlay, hw hardware.Accelerator, p hardware.Profile, formats []precision.Format, xmin, xmax float64) error {
	const tera = 1e12
	bw := hw.MemoryBytesPerSecond
	roofColours := []color.Color{color.Gray{Y: 40}, color.Gray{Y: 110}, color.Gray{Y: 150}}
	roof := func(peak, bandwidth float64) plotter.XYs {
		ridge := peak / bandwidth
		return plotter.XYs{{X: xmin, Y: xmin * bandwidth / tera}, {X: ridge, Y: peak / tera}, {X: xmax, Y: peak / tera}}
	}
	var solid, dashed *plotter.Line
	for i, f := range formats {
		g, peak := hw.Compute(f)
		c := roofColours[i%len(roofColours)]
		for _, cal := range []bool{false, true} {
			pk, b := peak, bw
			if cal {
				pk, b = peak*p.ComputeFractionOf(g), bw*p.BandwidthFraction
			}
			l, err := plotter.NewLine(roof(pk, b))
			if err != nil {
				return err
			}
			l.Color, l.Width = c, vg.Points(1.5)
			name := fmt.Sprintf("%s %.0f TFLOP/s", strings.ToUpper(string(g)), pk/tera)
			if cal {
				l.Width, l.Dashes = vg.Points(1), []vg.Length{vg.Points(5), vg.Points(3)}
				name += " calibrated"
				dashed = l
			} else {
				solid = l
			}
			pl.Add(l)
			o.lines = append(o.lines, l.XYs)
			o.lineLabels = append(o.lineLabels, lineLabel{line: l.XYs[1:], text: name, color: c})
		}
	}
	o.legend(fmt.Sprintf("roofs, datasheet: memory %.2f TB/s", bw/tera), solid)
	o.legend(fmt.Sprintf("roofs, calibrated (%s): memory %.2f TB/s", p.Name, bw*p.BandwidthFraction/tera), dashed)
	return nil
}
