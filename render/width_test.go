package render

import (
	"bytes"
	"strings"
	"testing"
)

// TestTwoLines: a header splits at the space that makes its longer line shortest.
func TestTwoLines(t *testing.T) {
	for in, want := range map[string]string{
		"TPOT ms calibrated": "TPOT ms\ncalibrated", // 7 and 10, against "TPOT" and 13
		"KV B/tok":           "KV\nB/tok",
		"model":              "model",
	} {
		if got := twoLines(in); got != want {
			t.Errorf("twoLines(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWrapText: breaks after spaces or commas, and inside a word only when nothing else fits.
func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		in    string
		width int
		want  string
	}{
		{"one two three", 7, "one two\nthree"},
		{"3× mla/dense (0-2), 58× mla/moe (3-60)", 20, "3× mla/dense (0-2),\n58× mla/moe (3-60)"},
		{"abcdefghij", 4, "abcd\nefgh\nij"},
		{"../../testdata/configs/mixtral-8x7b", 20, "../../testdata/\nconfigs/mixtral-8x7b"},
		{"short", 10, "short"},
	} {
		if got := wrapText(tc.in, tc.width); got != tc.want {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

// TestFitWidth: a table wider than MaxWidth writes two-line headers, leaves out its Wide
// column and names it under the table; --wide (the table-wide format) shows every column,
// Detail ones too, on one header line.
func TestFitWidth(t *testing.T) {
	tb := &Table{Caption: "caption"}
	for i, name := range []string{"alpha column", "beta column", "gamma column", "delta column", "epsilon column", "zeta column"} {
		tb.Columns = append(tb.Columns, Column{Key: name, Header: name, Wide: i == 2})
	}
	tb.Columns = append(tb.Columns, Column{Key: "detail", Header: "detail", Detail: true})
	long := strings.Repeat("x", 17) // 6 columns of 17 + 3 = 121 + 1: too wide even with two-line headers
	tb.Add(long, long, long, long, long, long, "d")
	var b bytes.Buffer
	if err := tb.Write(&b, Text); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, line := range strings.Split(out, "\n") {
		if displayWidth(line) > MaxWidth {
			t.Errorf("line of %d columns: %q", displayWidth(line), line)
		}
	}
	if strings.Contains(out, "gamma") && !strings.Contains(out, "(--wide shows them; CSV and JSON carry every column): gamma column.") {
		t.Errorf("gamma shown or its note missing:\n%s", out)
	}
	if !strings.Contains(out, "| alpha  ") || strings.Contains(out, "detail") {
		t.Errorf("headers not on two lines, or the Detail column shown:\n%s", out)
	}
	b.Reset()
	if err := tb.Write(&b, Text.Wide()); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); !strings.Contains(out, "gamma column") || !strings.Contains(out, "| detail |") || strings.Contains(out, "Not shown") {
		t.Errorf("--wide table:\n%s", out)
	}
}
