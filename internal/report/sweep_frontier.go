package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// columnIndex finds a table column by key.
func columnIndex(t *render.Table, key string) (int, error) {
	for i, c := range t.Columns {
		if c.Key == key {
			return i, nil
		}
	}
	return 0, fmt.Errorf("no column %q", key)
}

// number reads a table value as a float; NaN when it is not a number.
func number(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	return math.NaN()
}

// rowFilter returns a test of rows against where: each column's value, as CSV writes it,
// equals the given text, or as a number equals the given number.
func rowFilter(t *render.Table, where scenarios.Where) (func(row []any) bool, error) {
	type term struct {
		col  int
		want []string
	}
	var terms []term
	for k, v := range where {
		i, err := columnIndex(t, k)
		if err != nil {
			return nil, err
		}
		terms = append(terms, term{col: i, want: v})
	}
	matches := func(v any, want string) bool {
		if x, err := strconv.ParseFloat(want, 64); err == nil && number(v) == x {
			return true
		}
		return render.Exact(v) == want
	}
	return func(row []any) bool {
		for _, tm := range terms {
			ok := false
			for _, w := range tm.want {
				ok = ok || matches(row[tm.col], w)
			}
			if !ok {
				return false
			}
		}
		return true
	}, nil
}

// frontierRows returns the indices of t's rows on the Pareto frontier of pr.
func frontierRows(t *render.Table, pr *scenarios.Pareto) ([]int, error) {
	keep, err := rowFilter(t, pr.Where)
	if err != nil {
		return nil, err
	}
	var cols []int
	var dirs []cost.Direction
	for _, set := range []struct {
		keys []string
		dir  cost.Direction
	}{{pr.Min, cost.Minimise}, {pr.Max, cost.Maximise}} {
		for _, k := range set.keys {
			i, err := columnIndex(t, k)
			if err != nil {
				return nil, err
			}
			cols, dirs = append(cols, i), append(dirs, set.dir)
		}
	}
	var by []int
	for _, k := range pr.By {
		i, err := columnIndex(t, k)
		if err != nil {
			return nil, err
		}
		by = append(by, i)
	}
	// One frontier per group of rows equal in the by columns, groups in order of first row.
	type group struct {
		pts  [][]float64
		rows []int
	}
	var groups []*group
	byKey := map[string]*group{}
	for r, row := range t.Rows {
		if !keep(row) {
			continue
		}
		key := ""
		for _, c := range by {
			key += render.Exact(row[c]) + "\x00"
		}
		g := byKey[key]
		if g == nil {
			g = &group{}
			byKey[key] = g
			groups = append(groups, g)
		}
		pt := make([]float64, len(cols))
		for o, c := range cols {
			pt[o] = number(row[c])
		}
		g.pts, g.rows = append(g.pts, pt), append(g.rows, r)
	}
	var out []int
	for _, g := range groups {
		idx, err := cost.Frontier(g.pts, dirs)
		if err != nil {
			return nil, err
		}
		for _, j := range idx {
			out = append(out, g.rows[j])
		}
	}
	sort.Ints(out)
	return out, nil
}

// markFrontier adds the frontier column: "*" on frontier rows.
func markFrontier(t *render.Table, pr *scenarios.Pareto) error {
	idx, err := frontierRows(t, pr)
	if err != nil {
		return err
	}
	on := map[int]bool{}
	for _, i := range idx {
		on[i] = true
	}
	t.Columns = append(t.Columns, render.Column{Key: scenarios.ParetoColumn, Header: "frontier"})
	for i := range t.Rows {
		mark := ""
		if on[i] {
			mark = "*"
		}
		t.Rows[i] = append(t.Rows[i], mark)
	}
	t.Caption += "\nfrontier: * marks the Pareto frontier (min " + strings.Join(pr.Min, ", ") + "; max " + strings.Join(pr.Max, ", ")
	if len(pr.By) > 0 {
		t.Caption += "; one frontier per " + strings.Join(pr.By, ", ")
	}
	if len(pr.Where) > 0 {
		t.Caption += ", among rows with " + whereText(pr.Where)
	}
	t.Caption += ")."
	return nil
}
