package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// tableRow is a row of a results table as scenarios' where filters and frontiers read it:
// the text CSV writes, and the number of a numeric cell.
type tableRow []any

// Text is the cell as CSV writes it.
func (r tableRow) Text(col int) string { return render.Exact(r[col]) }

// Number is the cell's number, NaN when it is not a number.
func (r tableRow) Number(col int) float64 { return number(r[col]) }

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

// frontierRows returns the indices of t's rows on the Pareto frontier of pr; t is a results
// table of analysis a.
func frontierRows(t *render.Table, a scenarios.Analysis, pr *scenarios.Pareto) ([]int, error) {
	f, err := scenarios.NewFrontier(scenarios.Columns(a), pr)
	if err != nil {
		return nil, err
	}
	return f.Rows(len(t.Rows), func(i int) scenarios.Row { return tableRow(t.Rows[i]) })
}

// markFrontier adds the frontier column: "*" on frontier rows.
func markFrontier(t *render.Table, a scenarios.Analysis, pr *scenarios.Pareto) error {
	// The frontier column is not there yet: a frontier cannot be made from it.
	if _, ok := pr.Where[scenarios.ParetoColumn]; ok || slices.Contains(pr.By, scenarios.ParetoColumn) {
		return fmt.Errorf("no column %q", scenarios.ParetoColumn)
	}
	idx, err := frontierRows(t, a, pr)
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
		t.Caption += ", among rows with " + pr.Where.String()
	}
	t.Caption += ")."
	return nil
}
