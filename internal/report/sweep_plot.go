package report

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/decost/decost/chart"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
	"gonum.org/v1/plot"
)

// axisInfo is a column's title on a plot axis and the divisor of its values.
func axisInfo(a scenarios.Analysis, key string) (string, float64) {
	for _, c := range scenarios.Columns(a) {
		if c.Key == key {
			scale := c.Scale
			if scale == 0 {
				scale = 1
			}
			if c.Axis == "" {
				return key, scale
			}
			return c.Axis, scale
		}
	}
	return key, 1
}

// sweepPlot is one of a scenario's plots being drawn from its results table.
type sweepPlot struct {
	s  *scenarios.Scenario
	t  *render.Table
	pl *scenarios.Plot
	// rows are the table's rows the plot's where filter keeps; xcol the x column.
	rows []int
	xcol int
	// title and axis titles, and the divisors of the x and y values.
	title, xLabel, yLabel string
	xScale, yScale        float64
	series                []*plotSeries
}

// plotSeries is one series of a plot: rows of the y column ycol.
type plotSeries struct {
	name string
	ycol int
	rows []int
}

// SweepPlot draws one of a scenario's plots from its results table t (SweepTable's);
// ridges are looked up in cat (nil: the built-in catalogue).
func SweepPlot(s *scenarios.Scenario, t *render.Table, pl *scenarios.Plot, cat *hardware.Catalogue) (*plot.Plot, error) {
	p := &sweepPlot{s: s, t: t, pl: pl}
	if err := p.selectRows(); err != nil {
		return nil, err
	}
	if err := p.axes(); err != nil {
		return nil, err
	}
	if err := p.makeSeries(); err != nil {
		return nil, err
	}
	if pl.Kind == "bars" {
		b, err := p.bars()
		if err != nil {
			return nil, err
		}
		return chart.NewBars(b)
	}
	xy, err := p.xy()
	if err != nil {
		return nil, err
	}
	if pl.Frontier {
		if err := p.frontiers(&xy); err != nil {
			return nil, err
		}
	}
	for _, m := range pl.Marks {
		if m.X != nil {
			xy.Marks = append(xy.Marks, chart.Mark{Vertical: true, At: *m.X / p.xScale, Label: m.Label, Limit: m.Limit})
		} else {
			xy.Marks = append(xy.Marks, chart.Mark{At: *m.Y / p.yScale, Label: m.Label, Limit: m.Limit})
		}
	}
	if pl.Arrows != "" {
		if xy.Arrows, err = p.arrows(); err != nil {
			return nil, err
		}
	}
	if pl.Crossing != nil {
		if err := p.crossings(&xy); err != nil {
			return nil, err
		}
	}
	if err := p.ridges(&xy, cat); err != nil {
		return nil, err
	}
	return chart.NewXY(xy)
}

// column is the index of column key in the results table.
func (p *sweepPlot) column(key string) (int, error) {
	return scenarios.ColumnIndex(scenarios.Columns(p.s.Analysis), key)
}

// value is row r's number in column c.
func (p *sweepPlot) value(r, c int) float64 { return number(p.t.Rows[r][c]) }

// selectRows keeps the rows the plot's where filter matches; none is an error.
func (p *sweepPlot) selectRows() error {
	f, err := scenarios.NewFilter(scenarios.Columns(p.s.Analysis), p.pl.Where)
	if err != nil {
		return err
	}
	for i, row := range p.t.Rows {
		if f.Match(tableRow(row)) {
			p.rows = append(p.rows, i)
		}
	}
	if len(p.rows) == 0 {
		return fmt.Errorf("no row matches where %s", p.pl.Where)
	}
	return nil
}

// axes sets the title, the x column, the axis titles and their scales.
func (p *sweepPlot) axes() error {
	s, pl := p.s, p.pl
	p.title = pl.Title
	if p.title == "" {
		p.title = s.Description
	}
	var err error
	if p.xcol, err = p.column(pl.X); err != nil {
		return err
	}
	p.xLabel, p.xScale = axisInfo(s.Analysis, pl.X)
	p.yLabel, p.yScale = axisInfo(s.Analysis, pl.Y[0])
	if len(pl.Y) > 1 {
		p.yLabel = sharedUnit(s.Analysis, pl.Y)
	}
	if pl.XLabel != "" {
		p.xLabel = pl.XLabel
	}
	if pl.YLabel != "" {
		p.yLabel = pl.YLabel
	}
	return nil
}

// makeSeries splits the rows into series: one per y column, one per value of the series
// column, or one.
func (p *sweepPlot) makeSeries() error {
	pl := p.pl
	if len(pl.Y) > 1 {
		for _, y := range pl.Y {
			c, err := p.column(y)
			if err != nil {
				return err
			}
			name, _ := axisInfo(p.s.Analysis, y)
			p.series = append(p.series, &plotSeries{name: name, ycol: c, rows: p.rows})
		}
		return nil
	}
	ycol, err := p.column(pl.Y[0])
	if err != nil {
		return err
	}
	if pl.Series == "" {
		p.series = append(p.series, &plotSeries{ycol: ycol, rows: p.rows})
		return nil
	}
	scol, err := p.column(pl.Series)
	if err != nil {
		return err
	}
	byName := map[string]*plotSeries{}
	for _, r := range p.rows {
		name := seriesName(p.t.Rows[r][scol])
		if byName[name] == nil {
			byName[name] = &plotSeries{name: name, ycol: ycol}
			p.series = append(p.series, byName[name])
		}
		byName[name].rows = append(byName[name].rows, r)
	}
	return nil
}

// bars lays the series out as bars, one group per x value in order of first row, with the
// threshold column's values.
func (p *sweepPlot) bars() (chart.Bars, error) {
	var cats []string
	catIndex := map[string]int{}
	for _, r := range p.rows {
		c := render.Exact(p.t.Rows[r][p.xcol])
		if _, ok := catIndex[c]; !ok {
			catIndex[c] = len(cats)
			cats = append(cats, c)
		}
	}
	b := chart.Bars{Title: p.title, XLabel: p.xLabel, YLabel: p.yLabel, Categories: cats, LogY: p.pl.LogY, Sort: p.pl.Sort}
	for _, sr := range p.series {
		vals := make([]float64, len(cats))
		for i := range vals {
			vals[i] = math.NaN()
		}
		for _, r := range sr.rows {
			vals[catIndex[render.Exact(p.t.Rows[r][p.xcol])]] = p.value(r, sr.ycol) / p.yScale
		}
		name := sr.name
		if name == "" {
			name, _ = axisInfo(p.s.Analysis, p.pl.Y[0])
		}
		b.Series = append(b.Series, chart.BarSeries{Name: name, Values: vals})
	}
	if p.pl.Threshold != "" {
		tcol, err := p.column(p.pl.Threshold)
		if err != nil {
			return b, err
		}
		name, _ := axisInfo(p.s.Analysis, p.pl.Threshold)
		b.Threshold = chart.BarSeries{Name: name, Values: make([]float64, len(cats))}
		for _, r := range p.rows {
			b.Threshold.Values[catIndex[render.Exact(p.t.Rows[r][p.xcol])]] = p.value(r, tcol) / p.yScale
		}
	}
	return b, nil
}

// xy lays the series out as points or lines, labelled from the label column (with arrows,
// a label is written once, at the head of its last arrow).
func (p *sweepPlot) xy() (chart.XY, error) {
	pl := p.pl
	xy := chart.XY{Title: p.title, XLabel: p.xLabel, YLabel: p.yLabel, LogX: pl.LogX, LogY: pl.LogY, Lines: pl.Kind == "line",
		XUnit: tickUnit(pl.X, p.xScale), YUnit: tickUnit(pl.Y[0], p.yScale)}
	lcol := -1
	var err error
	if pl.Label != "" {
		if lcol, err = p.column(pl.Label); err != nil {
			return xy, err
		}
	}
	lastOf := map[string]float64{}
	acol := -1
	if pl.Arrows != "" && lcol >= 0 {
		if acol, err = p.column(pl.Arrows); err != nil {
			return xy, err
		}
		for _, r := range p.rows {
			k, v := render.Exact(p.t.Rows[r][lcol]), p.value(r, acol)
			if o, ok := lastOf[k]; !ok || v > o {
				lastOf[k] = v
			}
		}
	}
	for _, sr := range p.series {
		cs := chart.Series{Name: sr.name}
		for _, r := range sr.rows {
			pt := chart.Point{X: p.value(r, p.xcol) / p.xScale, Y: p.value(r, sr.ycol) / p.yScale}
			if lcol >= 0 && (acol < 0 || p.value(r, acol) == lastOf[render.Exact(p.t.Rows[r][lcol])]) {
				pt.Label = render.Exact(p.t.Rows[r][lcol])
			}
			cs.Points = append(cs.Points, pt)
		}
		xy.Series = append(xy.Series, cs)
	}
	return xy, nil
}

// frontiers adds the scenario's Pareto frontier among the plot's rows as lines, one per
// group of the pareto section's by columns.
func (p *sweepPlot) frontiers(xy *chart.XY) error {
	pr := p.s.Pareto
	idx, err := frontierRows(p.t, p.s.Analysis, &scenarios.Pareto{Min: pr.Min, Max: pr.Max, By: pr.By, Where: pr.Where.Merge(p.pl.Where)})
	if err != nil {
		return err
	}
	ycol, _ := p.column(p.pl.Y[0])
	var by []int
	for _, k := range pr.By {
		c, err := p.column(k)
		if err != nil {
			return err
		}
		by = append(by, c)
	}
	group := map[string]int{}
	for _, r := range idx {
		var names []string
		for _, c := range by {
			names = append(names, seriesName(p.t.Rows[r][c]))
		}
		name := strings.Join(names, " ")
		g, ok := group[name]
		if !ok {
			g = len(xy.Frontiers)
			group[name] = g
			xy.Frontiers = append(xy.Frontiers, chart.Series{Name: name})
		}
		xy.Frontiers[g].Points = append(xy.Frontiers[g].Points, chart.Point{X: p.value(r, p.xcol) / p.xScale, Y: p.value(r, ycol) / p.yScale})
	}
	return nil
}

// ridges adds the ridge points of the plot's cards (at FP8), in the plot's units.
func (p *sweepPlot) ridges(xy *chart.XY, cat *hardware.Catalogue) error {
	if len(p.pl.Ridges) == 0 {
		return nil
	}
	if cat == nil {
		cat = hardware.Builtin()
	}
	for _, id := range p.pl.Ridges {
		a, err := cat.Get(id)
		if err != nil {
			return fmt.Errorf("ridges: %w", err)
		}
		xy.Ridges = append(xy.Ridges, chart.Ridge{Name: id, FLOPsPerByte: a.RidgeFLOPsPerByte(precision.FP8) * p.xScale / p.yScale})
	}
	return nil
}

// arrows joins, for each value of the plot's label (or series) column, its points in
// increasing order of the arrows column (a model at 8K to the same model at 32K); an arrow
// takes the colour of its series.
func (p *sweepPlot) arrows() ([]chart.Arrow, error) {
	t, pl := p.t, p.pl
	cols := map[string]int{}
	for _, k := range []string{pl.Arrows, pl.Label, pl.Series, pl.Y[0]} {
		if k == "" {
			continue
		}
		c, err := p.column(k)
		if err != nil {
			return nil, err
		}
		cols[k] = c
	}
	key := pl.Label
	if key == "" {
		key = pl.Series
	}
	type end struct {
		order  float64
		pt     chart.Point
		series int
	}
	groups := map[string][]end{}
	var names []string
	seriesIndex := map[string]int{}
	for _, r := range p.rows {
		row := t.Rows[r]
		si := 0
		if pl.Series != "" {
			name := seriesName(row[cols[pl.Series]])
			if _, ok := seriesIndex[name]; !ok {
				seriesIndex[name] = len(seriesIndex)
			}
			si = seriesIndex[name]
		}
		k := render.Exact(row[cols[key]])
		if _, ok := groups[k]; !ok {
			names = append(names, k)
		}
		pt := chart.Point{X: number(row[p.xcol]) / p.xScale, Y: number(row[cols[pl.Y[0]]]) / p.yScale}
		groups[k] = append(groups[k], end{order: number(row[cols[pl.Arrows]]), pt: pt, series: si})
	}
	var out []chart.Arrow
	for _, k := range names {
		g := groups[k]
		sort.SliceStable(g, func(a, b int) bool { return g[a].order < g[b].order })
		for i := 1; i < len(g); i++ {
			out = append(out, chart.Arrow{From: g[i-1].pt, To: g[i].pt, Series: g[i-1].series})
		}
	}
	return out, nil
}

// crossings marks, for each series, the first x at which the crossing's y column reaches its
// over column: between the last point below and the first at or above, where ln(y/over)
// crosses 0, interpolated linearly in x (in ln x on a log axis). A crossing inside the range
// is ringed on the series' line (interpolated as the line is drawn); every series' legend
// entry says where: "(from 9K)", "(from ≤ 4K)" when it is above at its first point, "(not by
// 1M)" when it never gets there.
func (p *sweepPlot) crossings(xy *chart.XY) error {
	c := p.pl.Crossing
	ycol, err := p.column(c.Y)
	if err != nil {
		return err
	}
	ocol, err := p.column(c.Over)
	if err != nil {
		return err
	}
	xy.CrossingLabel = c.Label
	scale := func(v float64) float64 {
		if p.pl.LogX {
			return math.Log(v)
		}
		return v
	}
	unscale := func(v float64) float64 {
		if p.pl.LogX {
			return math.Exp(v)
		}
		return v
	}
	for si, sr := range p.series {
		rows := append([]int(nil), sr.rows...)
		sort.SliceStable(rows, func(a, b int) bool { return p.value(rows[a], p.xcol) < p.value(rows[b], p.xcol) })
		if len(rows) == 0 {
			continue
		}
		ratio := func(r int) float64 { return math.Log(p.value(r, ycol) / p.value(r, ocol)) }
		note := "not by " + xTick(p.pl.X, p.value(rows[len(rows)-1], p.xcol), p.xScale)
		for k, r := range rows {
			if ratio(r) < 0 {
				continue
			}
			if k == 0 {
				note = "from ≤ " + xTick(p.pl.X, p.value(r, p.xcol), p.xScale)
				break
			}
			q := rows[k-1]
			fa, fb := ratio(q), ratio(r)
			t := fa / (fa - fb)
			xa, xb := scale(p.value(q, p.xcol)), scale(p.value(r, p.xcol))
			x := unscale(xa + t*(xb-xa))
			ya, yb := p.value(q, sr.ycol), p.value(r, sr.ycol)
			y := ya + t*(yb-ya)
			if p.pl.LogY && ya > 0 && yb > 0 {
				y = math.Exp(math.Log(ya) + t*(math.Log(yb)-math.Log(ya)))
			}
			note = "from " + xTick(p.pl.X, x, p.xScale)
			xy.Crossings = append(xy.Crossings, chart.Crossing{Series: si, At: chart.Point{X: x / p.xScale, Y: y / p.yScale}})
			break
		}
		if si < len(xy.Series) && xy.Series[si].Name != "" {
			xy.Series[si].Name += " (" + note + ")"
		}
	}
	return nil
}

// xTick writes an x value as the axis writes it (contexts as 380K).
func xTick(key string, v, scale float64) string {
	if key == "context" {
		switch {
		case v >= 1<<20:
			return fmt.Sprintf("%.2gM", v/(1<<20))
		case v >= 1<<10:
			return fmt.Sprintf("%.0fK", v/(1<<10))
		}
		return fmt.Sprintf("%.0f", v)
	}
	return render.Sig(3)(v / scale)
}

// tickUnit is how a column's values are written on a plot axis: bytes and FLOPs with
// decimal prefixes, contexts as 8K; columns shown scaled (billions) stay plain.
func tickUnit(key string, scale float64) chart.Unit {
	switch {
	case scale != 1:
		return chart.Plain
	case key == "context":
		return chart.Tokens
	case strings.HasSuffix(key, "_bytes"):
		return chart.Bytes
	case strings.HasSuffix(key, "_flops"):
		return chart.FLOPs
	}
	return chart.Plain
}

// seriesName is a series column's value as a legend entry ("afd" rows say "AFD").
func seriesName(v any) string {
	if _, ok := v.(AFDCell); ok {
		return "AFD (cheapest card for attention + cheapest for FFN)"
	}
	return render.Exact(v)
}

// sharedUnit is the y axis title of several columns: their common unit, e.g.
// "USD per 1M tokens".
func sharedUnit(a scenarios.Analysis, keys []string) string {
	unit := ""
	for i, k := range keys {
		label, _ := axisInfo(a, k)
		u := label
		if o := strings.LastIndex(label, "("); o >= 0 {
			u = strings.TrimSuffix(label[o+1:], ")")
		}
		if i > 0 && u != unit {
			return strings.Join(keys, ", ")
		}
		unit = u
	}
	return unit
}
