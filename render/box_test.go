package render

import (
	"strings"
	"testing"
)

// TestWriteBox: the terminal box, drawn by hand. Widths are display columns: "中文" takes 4,
// the combining acute of "é" none; cells are trimmed; a line break makes a taller row; a
// table without rows has no bottom rule.
func TestWriteBox(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []string
		rows   [][]string
		right  []bool
		want   string
	}{
		{"aligned", []string{"model", "µs"}, [][]string{{"a", "1.5"}, {"long×", "22"}}, []bool{false, true}, `
+-------+-----+
| model | µs  |
+-------+-----+
| a     | 1.5 |
| long× |  22 |
+-------+-----+
`},
		{"no rows", []string{"a", "b"}, nil, []bool{false, true}, `
+---+---+
| a | b |
+---+---+
`},
		{"wide and combining", []string{"id", "n"}, [][]string{{"中文", "1"}, {"e\u0301", "2"}}, []bool{false, true},
			"\n+------+---+\n| id   | n |\n+------+---+\n| 中文 | 1 |\n| e\u0301    | 2 |\n+------+---+\n"},
		{"trimmed, two lines", []string{"a b", "c"}, [][]string{{" pad ", "two\nlines"}}, []bool{false, false}, `
+-----+-------+
| a b | c     |
+-----+-------+
| pad | two   |
|     | lines |
+-----+-------+
`},
	} {
		var b strings.Builder
		if err := writeBox(&b, tc.header, tc.rows, tc.right); err != nil {
			t.Fatal(err)
		}
		if want := strings.TrimPrefix(tc.want, "\n"); b.String() != want {
			t.Errorf("%s:\n%s\nwant\n%s", tc.name, b.String(), want)
		}
	}
}
