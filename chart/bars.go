package chart

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// BarSeries is one bar per category; NaN leaves a category without a bar.
type BarSeries struct {
	// Name is the series' legend entry.
	Name string
	// Values has one value per category of the chart, in the same order.
	Values []float64
}

// Bars describes a grouped bar chart: one group per category, one bar per series.
type Bars struct {
	// Title heads the figure; XLabel and YLabel name the axes (with their units).
	Title, XLabel, YLabel string
	// Categories name the groups along the x axis.
	Categories []string
	// Series are the bars of each group, one per series (at most MaxSeries).
	Series []BarSeries
	// Threshold, when it has a name, is a value per category drawn as a black bar across
	// its group (a bound each bar must clear); with one series, the bars below their
	// category's threshold are drawn in the second colour.
	Threshold BarSeries
	// Sort orders the categories by their smallest bar: "ascending", "descending", or ""
	// to keep the given order.
	Sort string
	// LogY asks for the values on a log scale, which bar charts do not support yet: gonum's
	// bars start at 0, which a log axis cannot show, so NewBars refuses it.
	LogY bool
}

// NewBars draws a grouped bar chart.
func NewBars(b Bars) (*plot.Plot, error) {
	p, _, err := newBars(b)
	return p, err
}

// newBars is NewBars, also returning the figure's overlay (for tests).
func newBars(b Bars) (*plot.Plot, *overlay, error) {
	if len(b.Categories) == 0 || len(b.Series) == 0 {
		return nil, nil, fmt.Errorf("no bar to plot")
	}
	if b.LogY {
		return nil, nil, fmt.Errorf("bar chart: a log y axis is not supported (bars start at 0)")
	}
	if len(b.Series) > MaxSeries {
		return nil, nil, fmt.Errorf("bar chart: %d series, at most %d fit one panel", len(b.Series), MaxSeries)
	}
	for _, s := range append([]BarSeries{b.Threshold}, b.Series...) {
		if (s.Name != "" || s.Values != nil) && len(s.Values) != len(b.Categories) {
			return nil, nil, fmt.Errorf("series %s has %d values for %d categories", s.Name, len(s.Values), len(b.Categories))
		}
	}
	b = sortBars(b)
	p := plot.New()
	p.Title.Text = b.Title
	p.X.Label.Text, p.Y.Label.Text = b.XLabel, b.YLabel
	style(p)
	o := newOverlay()
	n := len(b.Series)
	// Bars are at most 18 pt wide, and all bars together at most 440 pt: about 80% of the
	// plotting area of a Width-wide figure.
	w := vg.Points(math.Min(18, 440/float64(len(b.Categories)*n)))
	ymax := 0.0
	for i, s := range b.Series {
		below := make(plotter.Values, len(s.Values))
		above := make(plotter.Values, len(s.Values))
		for j, v := range s.Values {
			if math.IsNaN(v) {
				v = 0
			}
			ymax = math.Max(ymax, v)
			if n == 1 && b.Threshold.Name != "" && v < b.Threshold.Values[j] {
				below[j] = v
			} else {
				above[j] = v
			}
			o.boxes = append(o.boxes, dataBox{x0: float64(j) - 0.45, x1: float64(j) + 0.45, y0: 0, y1: v})
		}
		for k, vals := range []plotter.Values{above, below} {
			if k == 1 && b.Threshold.Name == "" {
				continue
			}
			bc, err := plotter.NewBarChart(vals, w)
			if err != nil {
				return nil, nil, err
			}
			bc.LineStyle.Width = 0
			bc.Color = seriesColor(i + k)
			bc.Offset = vg.Length(float64(i)-float64(n-1)/2) * w
			p.Add(bc)
			switch {
			case b.Threshold.Name == "" || n > 1:
				o.legend(s.Name, bc)
			case k == 0:
				o.legend(s.Name+" at or above the bound", bc)
			default:
				o.legend(s.Name+" below the bound", bc)
			}
		}
	}
	if b.Threshold.Name != "" {
		t := thresholds{values: b.Threshold.Values, halfWidth: w * vg.Length(n) / 2 * 1.25}
		p.Add(t)
		o.legend(b.Threshold.Name, t)
		for _, v := range b.Threshold.Values {
			ymax = math.Max(ymax, v)
		}
	}
	barAxes(p, b, ymax)
	// The legend goes where the bars are lowest; if it would still cover one, the axis
	// grows once to make room above the bars (legendRoom).
	o.legendAt = []spot{{true, -1}, {true, 1}, {true, 0}}
	o.finish(p)
	return p, o, nil
}

// barAxes names the groups on the x axis (slanted) and sets the y axis from 0 to the
// highest bar, with room for the legend.
func barAxes(p *plot.Plot, b Bars, ymax float64) {
	p.NominalX(b.Categories...)
	p.X.Tick.Label.Rotation = math.Pi / 7
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YTop
	p.Y.Min, p.Y.Max = 0, ymax*legendRoom(b)
	p.Y.Tick.Marker = linearTicks{}
	p.X.Min, p.X.Max = p.X.Min-0.5, p.X.Max+0.5
}

// legendRoom is the top of the y axis as a multiple of the highest bar: 1.08, or more when
// the legend (about 4% of the height per entry) would sit on bars at the top left and top
// right alike.
func legendRoom(b Bars) float64 {
	entries := len(b.Series)
	if b.Threshold.Name != "" {
		entries += 2
	}
	share := 0.04*float64(entries) + 0.03 // legend height as a fraction of the y range
	ymax := 0.0
	for _, s := range b.Series {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				ymax = math.Max(ymax, v)
			}
		}
	}
	for _, v := range b.Threshold.Values {
		ymax = math.Max(ymax, v)
	}
	if ymax == 0 {
		return 1.08
	}
	// The highest bar among the first and the last third of the categories.
	edge := func(from, to int) float64 {
		m := 0.0
		for j := from; j < to; j++ {
			for _, s := range append([]BarSeries{b.Threshold}, b.Series...) {
				if j < len(s.Values) && !math.IsNaN(s.Values[j]) {
					m = math.Max(m, s.Values[j])
				}
			}
		}
		return m / ymax
	}
	k := max(1, len(b.Categories)/3)
	low := math.Min(edge(0, k), edge(len(b.Categories)-k, len(b.Categories)))
	// The legend's bottom is at 1 - share of the axis: the lower corner's bars must stay under it.
	return math.Max(1.08, (low+0.02)/(1-share))
}

// sortBars orders b's categories by their smallest bar (NaN counts as missing).
func sortBars(b Bars) Bars {
	if b.Sort == "" {
		return b
	}
	idx := make([]int, len(b.Categories))
	key := make([]float64, len(b.Categories))
	for j := range idx {
		idx[j] = j
		key[j] = math.Inf(1)
		for _, s := range b.Series {
			if !math.IsNaN(s.Values[j]) {
				key[j] = math.Min(key[j], s.Values[j])
			}
		}
	}
	sort.SliceStable(idx, func(a, c int) bool {
		if b.Sort == "descending" {
			return key[idx[a]] > key[idx[c]]
		}
		return key[idx[a]] < key[idx[c]]
	})
	reorder := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		out := make([]float64, len(idx))
		for i, j := range idx {
			out[i] = v[j]
		}
		return out
	}
	out := b
	out.Categories = make([]string, len(idx))
	for i, j := range idx {
		out.Categories[i] = b.Categories[j]
	}
	out.Series = make([]BarSeries, len(b.Series))
	for i, s := range b.Series {
		out.Series[i] = BarSeries{Name: s.Name, Values: reorder(s.Values)}
	}
	out.Threshold = BarSeries{Name: b.Threshold.Name, Values: reorder(b.Threshold.Values)}
	return out
}

// thresholds draws one black bar across each category's group at its value.
type thresholds struct {
	values    []float64
	halfWidth vg.Length
}

var thresholdStyle = draw.LineStyle{Color: palette[7], Width: vg.Points(2.5)}

// Plot implements plot.Plotter.
func (t thresholds) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for j, v := range t.values {
		if math.IsNaN(v) {
			continue
		}
		x, y := trX(float64(j)), trY(v)
		c.StrokeLine2(thresholdStyle, x-t.halfWidth, y, x+t.halfWidth, y)
	}
}

// Thumbnail implements plot.Thumbnailer.
func (t thresholds) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(thresholdStyle, c.Min.X, y, c.Max.X, y)
}
