package chart

import (
	"fmt"
	"image/color"
	"math"

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
	// IntensityFLOPsPerByte is its arithmetic intensity in FLOP/byte.
	IntensityFLOPsPerByte float64
	// IdealFLOPsPerSecond and CalibratedFLOPsPerSecond are its FLOPs divided by its ideal and
	// calibrated times, in FLOP/s.
	IdealFLOPsPerSecond      float64
	CalibratedFLOPsPerSecond float64
}

// Roofline draws the classic log-log roofline chart of card hw: attainable FLOP/s against
// arithmetic intensity, with the card's compute roof for each format in formats and its
// memory-bandwidth roof (solid: datasheet; dashed: under profile p), and each point at its
// ideal (hollow) and calibrated (filled, labelled) attainable rate. Points of intensity ≤ 0
// are left out.
func Roofline(title string, hw hardware.Accelerator, p hardware.Profile, formats []precision.Format, points []RooflinePoint) (*plot.Plot, error) {
	if len(formats) == 0 {
		return nil, fmt.Errorf("roofline chart: no compute format")
	}
	const tera = 1e12
	bw := hw.MemoryBytesPerSecond
	// The x range covers every point and every ridge, with a factor 2 of margin.
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
	xmin, xmax = xmin/2, xmax*2
	ymin = math.Min(ymin, xmin*bw*p.BandwidthFraction) / 2

	pl := plot.New()
	pl.Title.Text = title
	pl.X.Label.Text = "arithmetic intensity (FLOP/byte, log scale)"
	pl.Y.Label.Text = "attainable performance (TFLOP/s, log scale)"
	// gonum/plot pads a log-scale axis for a centred label as if it sat at the linear
	// midpoint of the range (near the top), leaving a blank band; a top-aligned label does not.
	pl.Y.Label.Position = draw.PosTop
	pl.X.Scale, pl.Y.Scale = plot.LogScale{}, plot.LogScale{}
	pl.X.Tick.Marker, pl.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	pl.X.Min, pl.X.Max = xmin, xmax
	pl.Y.Min, pl.Y.Max = ymin/tera, peakMax*2/tera
	pl.Add(plotter.NewGrid())
	// Below the roofs, to the right, there is nothing to hide.
	pl.Legend.Top, pl.Legend.Left = false, false
	pl.Legend.XOffs, pl.Legend.YOffs = -vg.Points(8), vg.Points(8)

	colours := []color.Color{color.RGBA{R: 200, G: 30, B: 30, A: 255}, color.RGBA{B: 200, G: 60, A: 255}, color.RGBA{G: 140, A: 255}}
	roof := func(peak, bandwidth float64) plotter.XYs {
		ridge := peak / bandwidth
		return plotter.XYs{{X: xmin, Y: xmin * bandwidth / tera}, {X: ridge, Y: peak / tera}, {X: xmax, Y: peak / tera}}
	}
	for i, f := range formats {
		g, peak := hw.Compute(f)
		c := colours[i%len(colours)]
		ideal, err := plotter.NewLine(roof(peak, bw))
		if err != nil {
			return nil, err
		}
		ideal.Color, ideal.Width = c, vg.Points(1.5)
		cal, err := plotter.NewLine(roof(peak*p.ComputeFractionOf(g), bw*p.BandwidthFraction))
		if err != nil {
			return nil, err
		}
		cal.Color, cal.Width, cal.Dashes = c, vg.Points(1), []vg.Length{vg.Points(5), vg.Points(3)}
		pl.Add(ideal, cal)
		pl.Legend.Add(fmt.Sprintf("%s roof, ideal: %.0f TFLOP/s, %.2f TB/s", g, peak/tera, bw/tera), ideal)
		pl.Legend.Add(fmt.Sprintf("%s roof, calibrated (%s): %.0f TFLOP/s, %.2f TB/s", g, p.Name,
			peak*p.ComputeFractionOf(g)/tera, bw*p.BandwidthFraction/tera), cal)
	}
	kept = mergeCoincident(kept)
	if len(kept) > 0 {
		idealXY := make(plotter.XYs, len(kept))
		calXY := make(plotter.XYs, len(kept))
		for i, pt := range kept {
			idealXY[i] = plotter.XY{X: pt.IntensityFLOPsPerByte, Y: pt.IdealFLOPsPerSecond / tera}
			calXY[i] = plotter.XY{X: pt.IntensityFLOPsPerByte, Y: pt.CalibratedFLOPsPerSecond / tera}
		}
		labels := clusterLabels(kept, calXY)
		is, err := plotter.NewScatter(idealXY)
		if err != nil {
			return nil, err
		}
		is.GlyphStyle = draw.GlyphStyle{Shape: draw.RingGlyph{}, Radius: vg.Points(3), Color: color.Gray{Y: 90}}
		cs, err := plotter.NewScatter(calXY)
		if err != nil {
			return nil, err
		}
		cs.GlyphStyle = draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: vg.Points(3), Color: color.Black}
		lb, err := plotter.NewLabels(labels)
		if err != nil {
			return nil, err
		}
		lb.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(2)}
		for i := range lb.TextStyle {
			lb.TextStyle[i].XAlign = draw.XLeft
			lb.TextStyle[i].Font.Size = vg.Points(7)
		}
		pl.Add(is, cs, lb)
		pl.Legend.Add("operation, ideal time", is)
		pl.Legend.Add("operation, calibrated time", cs)
	}
	return pl, nil
}

// nearRatio says positive a and b differ by less than tol in log scale: |ln(a/b)| < tol
// (tol 0.1 is about 10%).
func nearRatio(a, b, tol float64) bool { return math.Abs(math.Log(a/b)) < tol }

// mergeCoincident joins points whose calibrated positions lie within 3% of each other on both
// axes into one point labelled with all their names, so that labels do not overprint.
func mergeCoincident(points []RooflinePoint) []RooflinePoint {
	var out []RooflinePoint
	for _, p := range points {
		merged := false
		for i := range out {
			if nearRatio(out[i].IntensityFLOPsPerByte, p.IntensityFLOPsPerByte, 0.03) && nearRatio(out[i].CalibratedFLOPsPerSecond, p.CalibratedFLOPsPerSecond, 0.03) {
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

// clusterLabels labels the calibrated points, one label per cluster of points that lie
// close together on the chart (within 10% in intensity and 40% in FLOP/s, so that their
// labels would overprint): the cluster's names joined, at its highest point. Every point is
// still drawn; only the labels are shared.
func clusterLabels(points []RooflinePoint, xy plotter.XYs) plotter.XYLabels {
	var out plotter.XYLabels
	var members [][]int
	for i := range points {
		joined := false
		for c, ms := range members {
			first := ms[0]
			if nearRatio(xy[first].X, xy[i].X, 0.1) && nearRatio(xy[first].Y, xy[i].Y, 0.4) {
				members[c] = append(ms, i)
				out.Labels[c] += ", " + points[i].Label
				if xy[i].Y > out.XYs[c].Y {
					out.XYs[c] = xy[i]
				}
				joined = true
				break
			}
		}
		if !joined {
			members = append(members, []int{i})
			out.XYs = append(out.XYs, xy[i])
			out.Labels = append(out.Labels, points[i].Label)
		}
	}
	return out
}
