package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/decost/decost/model"
	"github.com/decost/decost/model/reference"
	"github.com/decost/decost/render"
)

// VerifyTable lays out the reference pass's checks of each model (checks[i] are ms[i]'s,
// from reference.Verify), one row per check, and returns the failed ones too (as "model
// layer check: expected …, measured …").
func VerifyTable(ms []*model.Model, checks [][]reference.Check) (*render.Table, []string) {
	t := &render.Table{
		Columns: []render.Column{
			{Key: "model", Header: "model"},
			{Key: "check", Header: "layer kind: check"},
			{Key: "expected", Header: "expected", Show: verifyNumber},
			{Key: "measured", Header: "measured", Show: verifyNumber},
			{Key: "ok", Header: "ok", Show: func(v any) string {
				if v == true {
					return "ok"
				}
				return "FAIL"
			}},
		},
		Caption: fmt.Sprintf("Reference pass on scaled-down models at context %d. Counts: expected = analytic (adjusted by the term named), measured = counted by the pass, ok when equal.\n"+
			"Equivalences: expected = bound on the relative error, measured = relative error. See 'decost verify --help'.", reference.Context),
	}
	var failed []string
	for i, m := range ms {
		for _, c := range checks[i] {
			t.Add(m.ID, c.Layer+": "+c.Name, c.Expected, c.Measured, c.OK)
			if !c.OK {
				failed = append(failed, m.ID+" "+c.String())
			}
		}
	}
	return t, failed
}

// verifyNumber shows a whole count exactly and a relative error in short scientific form.
func verifyNumber(v any) string {
	x, ok := v.(float64)
	if ok && x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return render.Sci(2)(v)
}
