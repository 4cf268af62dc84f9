package chart

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
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
	// Series are the bars of each group, one per series.
	Series []BarSeries
	// LogY asks for the values on a log scale, which bar charts do not support yet: gonum's
	// bars start at 0, which a log axis cannot show, so NewBars refuses it.
	LogY bool
}

// NewBars draws a grouped bar chart.
func NewBars(b Bars) (*plot.Plot, error) {
	if len(b.Categories) == 0 || len(b.Series) == 0 {
		return nil, fmt.Errorf("no bar to plot")
	}
	if b.LogY {
		return nil, fmt.Errorf("bar chart: a log y axis is not supported (bars start at 0)")
	}
	p := plot.New()
	p.Title.Text = b.Title
	p.X.Label.Text, p.Y.Label.Text = b.XLabel, b.YLabel
	style(p)
	n := len(b.Series)
	// Bars are at most 18 pt wide, and all bars together at most 440 pt: about 80% of the
	// plotting area of a Width-wide figure.
	w := vg.Points(math.Min(18, 440/float64(len(b.Categories)*n)))
	for i, s := range b.Series {
		if len(s.Values) != len(b.Categories) {
			return nil, fmt.Errorf("series %s has %d values for %d categories", s.Name, len(s.Values), len(b.Categories))
		}
		vals := make(plotter.Values, len(s.Values))
		for j, v := range s.Values {
			if math.IsNaN(v) {
				v = 0
			}
			vals[j] = v
		}
		bc, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return nil, err
		}
		bc.LineStyle.Width = 0
		bc.Color = plotutil.Color(i)
		bc.Offset = vg.Length(float64(i)-float64(n-1)/2) * w
		p.Add(bc)
		p.Legend.Add(s.Name, bc)
	}
	p.NominalX(b.Categories...)
	p.X.Tick.Label.Rotation = math.Pi / 7
	p.X.Tick.Label.XAlign = draw.XRight
	p.X.Tick.Label.YAlign = draw.YTop
	p.Y.Min = 0
	p.Y.Tick.Marker = linearTicks{}
	p.Y.Max *= 1 + 0.09*float64(n) // room for the legend above the bars
	p.X.Min, p.X.Max = p.X.Min-0.5, p.X.Max+0.5
	return p, nil
}
