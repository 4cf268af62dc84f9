package render

import (
	"bytes"
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
