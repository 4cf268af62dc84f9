package report

import (
	"fmt"
	"maps"
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

// SweepPlot draws one of a scenario's plots from its results table.
func SweepPlot(s *scenarios.Scenario, res *scenarios.Result, t *render.Table, pl *scenarios.Plot, opt scenarios.Options) (*plot.Plot, error) {
	keep, err := rowFilter(t, pl.Where)
	if err != nil {
		return nil, err
	}
	var rows []int
	for i, row := range t.Rows {
		if keep(row) {
			rows = append(rows, i)
		}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no row matches where %s", whereText(pl.Where))
	}
	title := pl.Title
	if title == "" {
		title = s.Description
	}
	xcol, err := columnIndex(t, pl.X)
	if err != nil {
		return nil, err
	}
	xLabel, xScale := axisInfo(s.Analysis, pl.X)
	yLabel, yScale := axisInfo(s.Analysis, pl.Y[0])
	if len(pl.Y) > 1 {
		yLabel = sharedUnit(s.Analysis, pl.Y)
	}
	if pl.XLabel != "" {
		xLabel = pl.XLabel
	}
	if pl.YLabel != "" {
		yLabel = pl.YLabel
	}
	// series: by the series column, by y column, or one.
	type ser struct {
		name string
		ycol int
		rows []int
	}
	var series []*ser
	switch {
	case len(pl.Y) > 1:
		for _, y := range pl.Y {
			c, err := columnIndex(t, y)
			if err != nil {
				return nil, err
			}
			series = append(series, &ser{name: y, ycol: c, rows: rows})
		}
	default:
		ycol, err := columnIndex(t, pl.Y[0])
		if err != nil {
			return nil, err
		}
		if pl.Series == "" {
			series = append(series, &ser{ycol: ycol, rows: rows})
			break
		}
		scol, err := columnIndex(t, pl.Series)
		if err != nil {
			return nil, err
		}
		byName := map[string]*ser{}
		for _, r := range rows {
			name := seriesName(t.Rows[r][scol])
			if byName[name] == nil {
				byName[name] = &ser{name: name, ycol: ycol}
				series = append(series, byName[name])
			}
			byName[name].rows = append(byName[name].rows, r)
		}
	}
	if pl.Kind == "bars" {
		var cats []string
		catIndex := map[string]int{}
		for _, r := range rows {
			c := render.Exact(t.Rows[r][xcol])
			if _, ok := catIndex[c]; !ok {
				catIndex[c] = len(cats)
				cats = append(cats, c)
			}
		}
		b := chart.Bars{Title: title, XLabel: xLabel, YLabel: yLabel, Categories: cats, LogY: pl.LogY, Sort: pl.Sort}
		for _, sr := range series {
			vals := make([]float64, len(cats))
			for i := range vals {
				vals[i] = math.NaN()
			}
			for _, r := range sr.rows {
				vals[catIndex[render.Exact(t.Rows[r][xcol])]] = number(t.Rows[r][sr.ycol]) / yScale
			}
			name := sr.name
			if len(pl.Y) > 1 || name == "" {
				name, _ = axisInfo(s.Analysis, pl.Y[0])
				if len(pl.Y) > 1 {
					name, _ = axisInfo(s.Analysis, sr.name)
				}
			}
			b.Series = append(b.Series, chart.BarSeries{Name: name, Values: vals})
		}
		if pl.Threshold != "" {
			tcol, err := columnIndex(t, pl.Threshold)
			if err != nil {
				return nil, err
			}
			name, _ := axisInfo(s.Analysis, pl.Threshold)
			b.Threshold = chart.BarSeries{Name: name, Values: make([]float64, len(cats))}
			for _, r := range rows {
				b.Threshold.Values[catIndex[render.Exact(t.Rows[r][xcol])]] = number(t.Rows[r][tcol]) / yScale
			}
		}
		return chart.NewBars(b)
	}
	xy := chart.XY{Title: title, XLabel: xLabel, YLabel: yLabel, LogX: pl.LogX, LogY: pl.LogY, Lines: pl.Kind == "line",
		XUnit: tickUnit(pl.X, xScale), YUnit: tickUnit(pl.Y[0], yScale)}
	lcol := -1
	if pl.Label != "" {
		if lcol, err = columnIndex(t, pl.Label); err != nil {
			return nil, err
		}
	}
	// With arrows, a label is written once, at the head of its last arrow.
	lastOf := map[string]float64{}
	acol := -1
	if pl.Arrows != "" && lcol >= 0 {
		if acol, err = columnIndex(t, pl.Arrows); err != nil {
			return nil, err
		}
		for _, r := range rows {
			k, v := render.Exact(t.Rows[r][lcol]), number(t.Rows[r][acol])
			if o, ok := lastOf[k]; !ok || v > o {
				lastOf[k] = v
			}
		}
	}
	for _, sr := range series {
		cs := chart.Series{Name: sr.name}
		if len(pl.Y) > 1 {
			cs.Name, _ = axisInfo(s.Analysis, sr.name)
		}
		for _, r := range sr.rows {
			pt := chart.Point{X: number(t.Rows[r][xcol]) / xScale, Y: number(t.Rows[r][sr.ycol]) / yScale}
			if lcol >= 0 && (acol < 0 || number(t.Rows[r][acol]) == lastOf[render.Exact(t.Rows[r][lcol])]) {
				pt.Label = render.Exact(t.Rows[r][lcol])
			}
			cs.Points = append(cs.Points, pt)
		}
		xy.Series = append(xy.Series, cs)
	}
	if pl.Frontier {
		idx, err := frontierRows(t, &scenarios.Pareto{Min: s.Pareto.Min, Max: s.Pareto.Max, By: s.Pareto.By, Where: mergeWhere(s.Pareto.Where, pl.Where)})
		if err != nil {
			return nil, err
		}
		ycol, _ := columnIndex(t, pl.Y[0])
		var by []int
		for _, k := range s.Pareto.By {
			c, err := columnIndex(t, k)
			if err != nil {
				return nil, err
			}
			by = append(by, c)
		}
		group := map[string]int{}
		for _, r := range idx {
			var names []string
			for _, c := range by {
				names = append(names, seriesName(t.Rows[r][c]))
			}
			name := strings.Join(names, " ")
			g, ok := group[name]
			if !ok {
				g = len(xy.Frontiers)
				group[name] = g
				xy.Frontiers = append(xy.Frontiers, chart.Series{Name: name})
			}
			xy.Frontiers[g].Points = append(xy.Frontiers[g].Points, chart.Point{X: number(t.Rows[r][xcol]) / xScale, Y: number(t.Rows[r][ycol]) / yScale})
		}
	}
	for _, m := range pl.Marks {
		if m.X != nil {
			xy.Marks = append(xy.Marks, chart.Mark{Vertical: true, At: *m.X / xScale, Label: m.Label, Limit: m.Limit})
		} else {
			xy.Marks = append(xy.Marks, chart.Mark{At: *m.Y / yScale, Label: m.Label, Limit: m.Limit})
		}
	}
	if pl.Arrows != "" {
		if xy.Arrows, err = plotArrows(t, pl, rows, xcol, xScale, yScale); err != nil {
			return nil, err
		}
	}
	if len(pl.Ridges) > 0 {
		cat := opt.Catalogue
		if cat == nil {
			cat = hardware.Builtin()
		}
		for _, id := range pl.Ridges {
			a, err := cat.Get(id)
			if err != nil {
				return nil, fmt.Errorf("ridges: %w", err)
			}
			xy.Ridges = append(xy.Ridges, chart.Ridge{Name: id, FLOPsPerByte: a.RidgeFLOPsPerByte(precision.FP8) * xScale / yScale})
		}
	}
	return chart.NewXY(xy)
}

// plotArrows joins, for each value of the plot's label (or series) column, its points in
// increasing order of the arrows column (a model at 8K to the same model at 32K); an arrow
// takes the colour of its series.
func plotArrows(t *render.Table, pl *scenarios.Plot, rows []int, xcol int, xScale, yScale float64) ([]chart.Arrow, error) {
	cols := map[string]int{}
	for _, k := range []string{pl.Arrows, pl.Label, pl.Series, pl.Y[0]} {
		if k == "" {
			continue
		}
		c, err := columnIndex(t, k)
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
	for _, r := range rows {
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
		pt := chart.Point{X: number(row[xcol]) / xScale, Y: number(row[cols[pl.Y[0]]]) / yScale}
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

// mergeWhere is a's filters with b's added (b's win on a column both name).
func mergeWhere(a, b scenarios.Where) scenarios.Where {
	out := scenarios.Where{}
	maps.Copy(out, a)
	maps.Copy(out, b)
	return out
}

func whereText(w scenarios.Where) string {
	var parts []string
	for k, v := range w {
		parts = append(parts, k+"="+strings.Join(v, "|"))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
