package report

import (
	"strings"
	"testing"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// TestCostColumnsMatchCostTable: the streamed CSV's columns start with CostTable's, so that
// streamed and in-memory sweeps write the same file.
func TestCostColumnsMatchCostTable(t *testing.T) {
	cols := CostTable(cost.Comparison{}).Columns
	cols = append(cols, sweepExtraColumns(&scenarios.Scenario{})...)
	want := scenarios.CostColumns()
	if len(cols) != len(want) {
		t.Fatalf("%d columns, scenarios has %d", len(cols), len(want))
	}
	for i, c := range cols {
		if c.Key != want[i].Key {
			t.Errorf("column %d: %s, scenarios has %s", i, c.Key, want[i].Key)
		}
	}
}

// TestSweepColumnsMatchTables: the columns a scenario may name are those the tables have.
func TestSweepColumnsMatchTables(t *testing.T) {
	for _, a := range []scenarios.Analysis{scenarios.Counts, scenarios.Sparsity, scenarios.Roofline, scenarios.Deploy} {
		var got []string
		switch a {
		case scenarios.Counts:
			got = keys(countsSweepTable(&scenarios.Result{}).Columns)
		case scenarios.Sparsity:
			got = keys(sparsitySweepTable(&scenarios.Result{}).Columns)
		case scenarios.Roofline:
			got = keys(rooflineSweepTable(&scenarios.Result{}).Columns)
		case scenarios.Deploy:
			got = keys(deploySweepTable(&scenarios.Result{}).Columns)
		}
		want := keys(nil)
		for _, c := range scenarios.Columns(a) {
			want = append(want, c.Key)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: table columns %v, scenario columns %v", a, got, want)
		}
	}
}

func keys(cols []render.Column) []string {
	var k []string
	for _, c := range cols {
		k = append(k, c.Key)
	}
	return k
}
