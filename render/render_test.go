package render

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestNumbers(t *testing.T) {
	for _, tc := range []struct {
		show func(any) string
		in   any
		want string
	}{
		{Sci(3), 287834112.0, "2.88e8"},
		{Sci(3), 1.47e11, "1.47e11"},
		{Sci(3), 3e-19, "3e-19"},
		{Sci(3), 0.0, "0"}, // --wide printed 0e0 for a model without an indexer
		{Sig(4), 0.063318, "0.06332"},
		{Sig(4), 123456.0, "123456"},
		{Sig(4), 2.5e-5, "2.5e-5"},
		{Sig(4), 8192, "8192"},
		{Billions, 316.3e9, "316.3B"},
		{Billions, 0.0, "–"},
	} {
		if got := tc.show(tc.in); got != tc.want {
			t.Errorf("show(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormats(t *testing.T) {
	tbl := &Table{Columns: []Column{{Key: "model", Header: "model"}, {Key: "usd", Header: "$/Mtok", Show: Sig(2)}}}
	tbl.Add("step3", 0.0123456)
	for _, tc := range []struct {
		f    Format
		want string
	}{
		{CSV, "model,usd\nstep3,0.0123456\n"},
		{JSON, "[\n  {\"model\": \"step3\", \"usd\": 0.0123456}\n]\n"},
		{Markdown, "| model | $/Mtok |\n| --- | --- |\n| step3 | 0.012 |\n"},
	} {
		var b bytes.Buffer
		if err := tbl.Write(&b, tc.f); err != nil {
			t.Fatal(err)
		}
		if b.String() != tc.want {
			t.Errorf("%s:\n%s\nwant\n%s", tc.f, b.String(), tc.want)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("ParseFormat(xml) succeeded")
	}
}

// TestAppendNumber: CSV numbers as encoding/json writes them — integers as integers, plain
// decimals from 10^-6 up to 10^21, exponents outside — and reading back exactly.
func TestAppendNumber(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{3.7e10, "37000000000"}, {2.55852544e8, "255852544"}, {8192, "8192"}, {0, "0"}, {-3, "-3"},
		{0.06317874153649262, "0.06317874153649262"}, {1e-6, "0.000001"}, {1e-7, "1e-7"},
		{6.569069069069069e-19, "6.569069069069069e-19"}, {1e21, "1e+21"}, {math.NaN(), "NaN"},
	} {
		got := Number(tc.x)
		if got != tc.want {
			t.Errorf("Number(%v) = %q, want %q", tc.x, got, tc.want)
		}
		if math.IsNaN(tc.x) {
			continue
		}
		if j, _ := json.Marshal(tc.x); string(j) != got {
			t.Errorf("Number(%v) = %q, encoding/json writes %s", tc.x, got, j)
		}
		if back, err := strconv.ParseFloat(got, 64); err != nil || back != tc.x {
			t.Errorf("%q reads back as %v, %v", got, back, err)
		}
	}
}

// TestLeftOutOneLine: a table that leaves out Detail columns and drops a Wide one to fit
// MaxWidth names them all, in column order, on one line: it printed "Only in --wide, CSV and
// JSON: …" and "Not shown, to fit 120 columns …" one under the other, saying the same thing
// twice about two halves of one list.
func TestLeftOutOneLine(t *testing.T) {
	tb := &Table{Caption: "cap.", NameDetail: true}
	long := strings.Repeat("x", 17) // 6 columns of 17 + 3 = 121 + 1: too wide even with two-line headers
	var row []any
	for i, name := range []string{"alpha column", "beta column", "gamma column", "delta column", "epsilon column", "zeta column"} {
		tb.Columns = append(tb.Columns, Column{Key: name, Header: name, Wide: i == 2})
		row = append(row, long)
		if i == 0 {
			tb.Columns = append(tb.Columns, Column{Key: "detail", Header: "detail $", Detail: true})
			row = append(row, "d")
		}
	}
	tb.Add(row...)
	var b strings.Builder
	if err := tb.Write(&b, Text); err != nil {
		t.Fatal(err)
	}
	want := "cap.\nNot shown, to fit 120 columns (--wide shows them; CSV and JSON carry every column): detail $, gamma column.\n"
	if out := b.String(); !strings.HasSuffix(out, want) || strings.Count(out, "--wide") != 1 {
		t.Errorf("got\n%s\nwant it to end %q, with one line naming what is left out", out, want)
	}
}

// TestNameDetail: a table with NameDetail names the Detail columns its terminal and
// Markdown forms leave out; --wide shows them and says nothing.
func TestNameDetail(t *testing.T) {
	tb := &Table{Columns: []Column{{Key: "a", Header: "a"}, {Key: "b_usd", Header: "b $", Detail: true}, {Key: "c", Detail: true}},
		Caption: "cap.", NameDetail: true}
	tb.Add(1, 2, 3)
	for _, tc := range []struct {
		f    Format
		want string
	}{{Text, "cap.\nNot shown (--wide shows them; CSV and JSON carry every column): b $, c.\n"},
		{Markdown, "\ncap.\nNot shown (--wide shows them; CSV and JSON carry every column): b $, c.\n"}, {Text.Wide(), "+\ncap.\n"}} {
		var b strings.Builder
		if err := tb.Write(&b, tc.f); err != nil || !strings.HasSuffix(b.String(), tc.want) {
			t.Errorf("%s: %v\n%s\nwant it to end %q", tc.f, err, b.String(), tc.want)
		}
	}
}
