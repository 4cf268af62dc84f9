package report

import (
	"math"
	"testing"

	"github.com/decost/decost/chart"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// TestCrossings holds the crossing marks of a line plot to hand arithmetic: series a goes
// from context cost 1 against weights 2 at 4K to 4 against 2 at 16K: ln(1/2) = −0.693 and
// ln(4/2) = +0.693, so t = 0.5 and, on a log x axis, x = 4096·4^0.5 = 8192 ("from 8K"); its
// ring sits on its line at total = exp(ln 3 + 0.5·(ln 6 − ln 3)) = 3·√2. Series b is above
// at its first point ("from ≤ 4K", no ring); c never gets there ("not by 16K", no ring).
func TestCrossings(t *testing.T) {
	cols := scenarios.CostColumns()
	idx := func(k string) int {
		i, err := scenarios.ColumnIndex(cols, k)
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	row := func(m string, c int, total, ctx, w float64) []any {
		r := make([]any, len(cols))
		r[idx("model")], r[idx("context")], r[idx("hardware")] = m, c, "h20"
		r[idx("total_usd_per_mtok")], r[idx("context_usd_per_mtok")], r[idx("weights_usd_per_mtok")] = total, ctx, w
		return r
	}
	tab := &render.Table{Rows: [][]any{
		row("a", 4096, 3, 1, 2), row("a", 16384, 6, 4, 2),
		row("b", 4096, 5, 3, 1), row("b", 16384, 9, 6, 1),
		row("c", 4096, 1, 1, 5), row("c", 16384, 2, 1, 5),
	}}
	pl := &scenarios.Plot{Kind: "line", X: "context", Y: scenarios.Strings{"total_usd_per_mtok"}, Series: "model", LogX: true, LogY: true,
		Crossing: &scenarios.Crossing{Y: "context_usd_per_mtok", Over: "weights_usd_per_mtok", Label: "ring"}}
	p := &sweepPlot{s: &scenarios.Scenario{Analysis: scenarios.Cost}, t: tab, pl: pl}
	for _, step := range []func() error{p.selectRows, p.axes, p.makeSeries} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	xy, err := p.xy()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.crossings(&xy); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"a (from 8K)", "b (from ≤ 4K)", "c (not by 16K)"} {
		if xy.Series[i].Name != want {
			t.Errorf("series %d: %q, want %q", i, xy.Series[i].Name, want)
		}
	}
	if len(xy.Crossings) != 1 {
		t.Fatalf("crossings %+v, want one (series a)", xy.Crossings)
	}
	c := xy.Crossings[0]
	if c.Series != 0 || math.Abs(c.At.X-8192) > 1e-9 || math.Abs(c.At.Y-3*math.Sqrt2) > 1e-12 {
		t.Errorf("ring %+v, want series 0 at (8192, %v)", c, 3*math.Sqrt2)
	}
	if xy.CrossingLabel != "ring" {
		t.Errorf("legend %q", xy.CrossingLabel)
	}
	if _, err := chart.NewXY(xy); err != nil {
		t.Error(err)
	}
}
