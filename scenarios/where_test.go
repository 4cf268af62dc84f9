package scenarios

import (
	"math"
	"slices"
	"strconv"
	"testing"
)

// testRow is a row of the toy table below: a text cell is a string, a number a float64,
// a missing cell nil.
type testRow []any

func (r testRow) Text(col int) string {
	switch x := r[col].(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return ""
}

func (r testRow) Number(col int) float64 {
	if x, ok := r[col].(float64); ok {
		return x
	}
	return math.NaN()
}

// testColumns: model (text), context, cost, price (numbers).
var testColumns = []Column{{Key: "model", Text: true}, {Key: "context"}, {Key: "cost"}, {Key: "price"}}

var testRows = []testRow{
	{"a", 8192.0, 3.0, 2.0}, // 0
	{"a", 32768.0, 5.0, 2.0},
	{"b", 8192.0, 1.0, nil}, // 2: no price
	{"b", 32768.0, 4.0, 1.0},
	{"c", 8192.0, 2.0, 1.0}, // 4
	{"10", 8192.0, 9.0, 1.0},
}

func TestFilter(t *testing.T) {
	for _, tc := range []struct {
		where Where
		want  []int
	}{
		{Where{"model": {"a"}}, []int{0, 1}},
		{Where{"model": {"a", "c"}}, []int{0, 1, 4}},
		// Numbers are equal by value, however written.
		{Where{"context": {"8192"}}, []int{0, 2, 4, 5}},
		{Where{"context": {"8.192e3"}}, []int{0, 2, 4, 5}},
		{Where{"context": {"8192"}, "model": {"b"}}, []int{2}},
		// A missing number is its CSV text, "": only "" matches it, not 0.
		{Where{"price": {""}}, []int{2}},
		{Where{"price": {"0"}}, nil},
		// A text column compares text: "10" is model 10, and "1e1" is not.
		{Where{"model": {"10"}}, []int{5}},
		{Where{"model": {"1e1"}}, nil},
		{Where{}, []int{0, 1, 2, 3, 4, 5}},
	} {
		f, err := NewFilter(testColumns, tc.where)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for i, r := range testRows {
			if f.Match(r) {
				got = append(got, i)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("where %s: rows %v, want %v", tc.where, got, tc.want)
		}
	}
	if _, err := NewFilter(testColumns, Where{"nosuch": {"1"}}); err == nil || err.Error() != `no column "nosuch"` {
		t.Errorf("unknown column: %v", err)
	}
}

func TestFrontier(t *testing.T) {
	row := func(i int) Row { return testRows[i] }
	for _, tc := range []struct {
		pr   Pareto
		want []int
	}{
		// min cost, max context: row 2 (1 at 8192) and row 3 (4 at 32768) dominate the rest:
		// row 1 (5 at 32768) costs more than row 3 at the same context, rows 0, 4, 5 cost
		// more than row 2 at the same context.
		{Pareto{Min: []string{"cost"}, Max: []string{"context"}}, []int{2, 3}},
		// One frontier per model: a keeps 0 (3 at 8K) and 1 (5 at 32K), neither dominates;
		// b keeps 2 and 3; c and 10 have one row each.
		{Pareto{Min: []string{"cost"}, Max: []string{"context"}, By: Strings{"model"}}, []int{0, 1, 2, 3, 4, 5}},
		// Among rows at 8192 only, min cost: row 2.
		{Pareto{Min: []string{"cost"}, Where: Where{"context": {"8192"}}}, []int{2}},
	} {
		f, err := NewFrontier(testColumns, &tc.pr)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.Rows(len(testRows), row)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%+v: frontier rows %v, want %v", tc.pr, got, tc.want)
		}
	}
}

func TestColumnIndex(t *testing.T) {
	if i, err := ColumnIndex(testColumns, "cost"); i != 2 || err != nil {
		t.Errorf("cost: %d, %v", i, err)
	}
	// The frontier column is the one after the last, where a results table adds it.
	if i, err := ColumnIndex(testColumns, ParetoColumn); i != 4 || err != nil {
		t.Errorf("%s: %d, %v", ParetoColumn, i, err)
	}
}

func TestWhereString(t *testing.T) {
	w := Where{"model": {"a", "b"}, "context": {"8192"}}
	if got := w.String(); got != "context=8192, model=a|b" {
		t.Errorf("String() = %q", got)
	}
	m := w.Merge(Where{"model": {"c"}, "hardware": {"afd"}})
	if got := m.String(); got != "context=8192, hardware=afd, model=c" {
		t.Errorf("Merge: %q", got)
	}
	if got := w.String(); got != "context=8192, model=a|b" {
		t.Errorf("Merge changed its receiver: %q", got)
	}
}
