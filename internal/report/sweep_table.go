package report

import (
	"fmt"
	"slices"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// SweepTable lays a scenario's results out as a table: for the cost analysis the rows and
// columns of 'decost cost' (CostTable) followed by the sweep's own columns; a frontier
// column when the scenario has a pareto section.
func SweepTable(res *scenarios.Result) (*render.Table, error) {
	p := res.Plan
	s := p.Scenario
	var t *render.Table
	switch s.Analysis {
	case scenarios.Cost:
		t = costSweepTable(res)
	case scenarios.Counts:
		t = countsSweepTable(res)
	case scenarios.Sparsity:
		t = sparsitySweepTable(res)
	case scenarios.Roofline:
		t = rooflineSweepTable(res)
	case scenarios.Deploy:
		t = deploySweepTable(res)
	default:
		return nil, fmt.Errorf("%s: analysis %s: not available in this build", s.File, s.Analysis)
	}
	keepSwept(t, s)
	if s.Pareto != nil {
		if err := markFrontier(t, s.Analysis, s.Pareto); err != nil {
			return nil, fmt.Errorf("%s: pareto: %w", s.File, err)
		}
	}
	return t, nil
}

// keepSwept shows the columns of the axes s sweeps in every terminal table, neither left
// out to fit (Wide) nor kept for CSV and JSON (Detail): without the precision column of a
// precisions sweep, its rows read as duplicates. The other columns it leaves out are named
// under the table.
func keepSwept(t *render.Table, s *scenarios.Scenario) {
	t.NameDetail = true // and every column it leaves out is named
	swept := map[string]bool{"precision": len(s.Axes.Precisions) > 0, "price_usd_per_hour": len(s.Axes.Prices) > 0}
	for i := range t.Columns {
		if swept[t.Columns[i].Key] {
			t.Columns[i].Wide, t.Columns[i].Detail = false, false
		}
	}
}

// sweepExtraColumns are the cost sweep's columns after CostTable's; shown in terminal
// tables only when the scenario's pareto section names them.
func sweepExtraColumns(s *scenarios.Scenario) []render.Column {
	named := map[string]bool{}
	if s.Pareto != nil {
		for _, k := range slices.Concat(s.Pareto.Min, s.Pareto.Max) {
			named[k] = true
		}
	}
	show := showing(map[string]func(any) string{"price_usd_per_hour": render.Sig(4)}, render.Billions, "activated_params", "total_params")
	show = showing(show, render.Sci(3), "indexer_flops", "indexer_bytes", "cache_bytes")
	show = showing(show, render.Sig(4), "indexer_usd_per_mtok", "context_usd_per_mtok", "weights_usd_per_mtok")
	cols := tableColumns(scenarios.CostColumns()[len(scenarios.CostTableColumns()):], show)
	for i := range cols {
		cols[i].Detail = !named[cols[i].Key]
	}
	return cols
}

// sweepNarrow lets a sweep's cost table leave out the attention and FFN parts of the cost
// and the attention FLOPs to fit the terminal: a sweep adds columns, and the total is what
// it compares.
func sweepNarrow(t *render.Table) {
	wide(t.Columns, "attention_usd_per_mtok", "ffn_usd_per_mtok", "attention_flops")
}

func costSweepTable(res *scenarios.Result) *render.Table {
	p := res.Plan
	t := CostTable(res.Comparison)
	sweepNarrow(t)
	t.Columns = append(t.Columns, sweepExtraColumns(p.Scenario)...)
	t.Caption += "\nactivated: parameters one token touches (the report's figures where it quotes them, else computed with embeddings)."
	nc := p.Contexts.Len()
	rows := t.Rows[:0]
	i := 0
	for g, grp := range res.Comparison.Groups {
		v := &p.Models[g/nc]
		for j := range grp.Cells {
			c := &grp.Cells[j]
			rows = append(rows, append(t.Rows[i], v.Precision, p.Cards[j].PriceUSDPerHour, v.ActivatedParams, v.TotalParams,
				c.IndexerFLOPs, c.IndexerBytes, c.KVBytes+c.IndexerBytes, c.IndexerUSDPerMTok,
				c.AttentionUSDPerMTok-c.LinearUSDPerMTok, c.LinearUSDPerMTok+c.FFNUSDPerMTok))
			i++
		}
		if p.AFD() {
			a := &grp.AFD
			rows = append(rows, append(t.Rows[i], v.Precision, nil, v.ActivatedParams, v.TotalParams,
				a.IndexerFLOPs, a.IndexerBytes, a.KVBytes+a.IndexerBytes, nil, nil, nil))
		}
		i++
	}
	t.Rows = rows
	return t
}

// FrontierTable shows a streamed sweep's frontier rows (values in scenarios.CostColumns
// order) with CostTable's columns.
func FrontierTable(rows [][]any, note string) *render.Table {
	t := CostTable(cost.Comparison{})
	sweepNarrow(t)
	n := len(t.Columns)
	t.Columns = append(t.Columns, sweepExtraColumns(&scenarios.Scenario{})...)
	for i := n; i < len(t.Columns); i++ {
		t.Columns[i].Detail = t.Columns[i].Key != "activated_params" && t.Columns[i].Key != "price_usd_per_hour"
	}
	t.Caption = note + "\n" + t.Caption
	t.Rows = rows
	return t
}

// StreamTable is what a streamed sweep of s prints once its rows are in target (a file,
// "stdout", or "(frontier only)" when none was written): the Pareto frontier, or without a
// pareto section a summary of the points, rows and seconds.
func StreamTable(s *scenarios.Scenario, res *scenarios.StreamResult, target string, seconds float64) *render.Table {
	if s.Pareto != nil {
		where := "every row is in " + target
		if target == "(frontier only)" {
			where = "no other row was kept"
		}
		return FrontierTable(res.Frontier, fmt.Sprintf("The Pareto frontier of %d points (%s).", res.Points, where))
	}
	t := &render.Table{Columns: []render.Column{
		{Key: "scenario", Header: "scenario"}, {Key: "points", Header: "points"}, {Key: "rows", Header: "rows"},
		{Key: "file", Header: "file"}, {Key: "seconds", Header: "seconds", Show: render.Sig(3)},
	}}
	t.Add(s.Name, res.Points, res.Rows, target, seconds)
	return t
}

// ScenariosTable lists scenarios: name, analysis, points, files written and description.
func ScenariosTable(ss []*scenarios.Scenario) *render.Table {
	t := &render.Table{Columns: []render.Column{
		{Key: "name", Header: "name"},
		{Key: "analysis", Header: "analysis"},
		{Key: "points", Header: "points"},
		{Key: "outputs", Header: "files"},
		{Key: "description", Header: "description"},
	}}
	for _, s := range ss {
		t.Add(s.Name, string(s.Analysis), s.Points(), len(s.OutputFiles()), s.Description)
	}
	return t
}
