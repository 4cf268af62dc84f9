package scenarios

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/decost/decost/cost"
)

// Row is one row of an analysis's results table as where filters and Pareto frontiers read
// it: its values in the order of Columns(analysis), then ParetoColumn where the table marks
// a frontier. The in-memory tables (internal/report) and the streamed cost rows both
// implement it, so both paths filter and mark frontiers the same way.
type Row interface {
	// Text is column col's value as CSV writes it; "" when the row has none.
	Text(col int) string
	// Number is numeric column col's value; NaN when the row has none or it is not a
	// number.
	Number(col int) float64
}

// ColumnIndex is the index of column key in cols; ParetoColumn, when cols lacks it, is the
// column after the last (where a results table adds it).
func ColumnIndex(cols []Column, key string) (int, error) {
	for i, c := range cols {
		if c.Key == key {
			return i, nil
		}
	}
	if key == ParetoColumn {
		return len(cols), nil
	}
	return 0, fmt.Errorf("no column %q", key)
}

// Filter is a where section resolved against an analysis's columns: a row matches when, in
// every column it names, the row's value equals one of the given values. A value equals
// when it is the same number (8192 and 8.192e3 are the same context), or, for text and for
// values that are not numbers (a missing price is ""), the same text as CSV writes it.
type Filter struct {
	terms []whereTerm
}

// whereTerm is one column's part of a filter.
type whereTerm struct {
	col     int
	numeric bool
	texts   []string
	nums    []float64 // the texts that read as numbers, for numeric columns
}

// NewFilter resolves w against cols; a column cols lacks is an error.
func NewFilter(cols []Column, w Where) (Filter, error) {
	var f Filter
	for _, k := range slices.Sorted(maps.Keys(w)) {
		i, err := ColumnIndex(cols, k)
		if err != nil {
			return Filter{}, err
		}
		t := whereTerm{col: i, numeric: i < len(cols) && !cols[i].Text, texts: w[k]}
		if t.numeric {
			for _, v := range t.texts {
				if x, err := strconv.ParseFloat(v, 64); err == nil {
					t.nums = append(t.nums, x)
				}
			}
		}
		f.terms = append(f.terms, t)
	}
	return f, nil
}

// Match reports whether r passes every term of the filter.
func (f *Filter) Match(r Row) bool {
	for i := range f.terms {
		if !f.terms[i].match(r) {
			return false
		}
	}
	return true
}

func (t *whereTerm) match(r Row) bool {
	if t.numeric {
		if x := r.Number(t.col); !math.IsNaN(x) {
			return slices.Contains(t.nums, x)
		}
	}
	return slices.Contains(t.texts, r.Text(t.col))
}

// Frontier is a pareto section resolved against an analysis's columns: the objectives
// (min then max columns) of the rows its where filter keeps, one frontier per group of rows
// equal in its by columns.
type Frontier struct {
	where Filter
	// objectives are the column indices of the objectives, dirs their directions.
	objectives []int
	dirs       []cost.Direction
	by         []int
}

// NewFrontier resolves pr against cols; a column cols lacks is an error.
func NewFrontier(cols []Column, pr *Pareto) (*Frontier, error) {
	w, err := NewFilter(cols, pr.Where)
	if err != nil {
		return nil, err
	}
	f := &Frontier{where: w}
	for _, set := range []struct {
		keys []string
		dir  cost.Direction
	}{{pr.Min, cost.Minimise}, {pr.Max, cost.Maximise}} {
		for _, k := range set.keys {
			i, err := ColumnIndex(cols, k)
			if err != nil {
				return nil, err
			}
			f.objectives, f.dirs = append(f.objectives, i), append(f.dirs, set.dir)
		}
	}
	for _, k := range pr.By {
		i, err := ColumnIndex(cols, k)
		if err != nil {
			return nil, err
		}
		f.by = append(f.by, i)
	}
	return f, nil
}

// point writes r's objectives into pt (len(f.objectives) values).
func (f *Frontier) point(r Row, pt []float64) {
	for o, c := range f.objectives {
		pt[o] = r.Number(c)
	}
}

// Rows returns, in increasing order, the indices of the rows on the frontier among n rows
// (row(i) is the i-th): of the rows the where filter keeps, one frontier per group of rows
// with the same text in the by columns.
func (f *Frontier) Rows(n int, row func(i int) Row) ([]int, error) {
	type group struct {
		pts  [][]float64
		rows []int
	}
	var groups []*group // in order of their first row
	byKey := map[string]*group{}
	var key strings.Builder
	for i := 0; i < n; i++ {
		r := row(i)
		if !f.where.Match(r) {
			continue
		}
		key.Reset()
		for _, c := range f.by {
			key.WriteString(r.Text(c))
			key.WriteByte(0)
		}
		g := byKey[key.String()]
		if g == nil {
			g = &group{}
			byKey[key.String()] = g
			groups = append(groups, g)
		}
		pt := make([]float64, len(f.objectives))
		f.point(r, pt)
		g.pts, g.rows = append(g.pts, pt), append(g.rows, i)
	}
	var out []int
	for _, g := range groups {
		idx, err := cost.Frontier(g.pts, f.dirs)
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

// String writes the filter as a caption says it: "hardware=afd, model=step3|qwen3-32b", in
// sorted order.
func (w Where) String() string {
	var parts []string
	for k, v := range w {
		parts = append(parts, k+"="+strings.Join(v, "|"))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// Merge returns w's filters with o's added (o's win on a column both name).
func (w Where) Merge(o Where) Where {
	out := Where{}
	maps.Copy(out, w)
	maps.Copy(out, o)
	return out
}
