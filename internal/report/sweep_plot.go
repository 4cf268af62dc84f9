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
		b := chart.Bars{Title: title, XLabel: xLabel, YLabel: yLabel, Categories: cats, LogY: pl.LogY}
		for _, sr := range series {
			vals := make([]float64, len(cats))
			for i := range vals {
				vals[i] = math.NaN()
			}
			for _, r := range sr.rows {
				vals[catIndex[render.Exact(t.Rows[r][xcol])]] = number(t.Rows[r][sr.ycol]) / yScale
			}
			name := sr.name
			if len(pl.Y) > 1 {
				name, _ = axisInfo(s.Analysis, sr.name)
			}
			b.Series = append(b.Series, chart.BarSeries{Name: name, Values: vals})
		}
		return chart.NewBars(b)
	}
	xy := chart.XY{Title: title, XLabel: xLabel, YLabel: yLabel, LogX: pl.LogX, LogY: pl.LogY, Lines: pl.Kind == "line"}
	lcol := -1
	if pl.Label != "" {
		if lcol, err = columnIndex(t, pl.Label); err != nil {
			return nil, err
		}
	}
	for _, sr := range series {
		cs := chart.Series{Name: sr.name}
		if len(pl.Y) > 1 {
			cs.Name, _ = axisInfo(s.Analysis, sr.name)
		}
		for _, r := range sr.rows {
			pt := chart.Point{X: number(t.Rows[r][xcol]) / xScale, Y: number(t.Rows[r][sr.ycol]) / yScale}
			if lcol >= 0 {
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
			xy.Marks = append(xy.Marks, chart.Mark{Vertical: true, At: *m.X / xScale, Label: m.Label})
		} else {
			xy.Marks = append(xy.Marks, chart.Mark{At: *m.Y / yScale, Label: m.Label})
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
