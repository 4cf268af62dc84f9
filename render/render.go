// Package render writes analysis results as a terminal table, a Markdown table, CSV or JSON.
//
// A Table is columns and rows of plain values. The terminal and Markdown forms show each
// value through its column's Show function (rounded for reading); CSV and JSON carry the
// value unrounded, so that other tools can read the exact numbers.
package render

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// Format is an output format.
type Format string

// The output formats.
const (
	Text     Format = "table"
	Markdown Format = "markdown"
	CSV      Format = "csv"
	JSON     Format = "json"
)

// Formats lists the accepted format names, for help texts.
const Formats = "table|markdown|csv|json"

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case Text, Markdown, CSV, JSON, textWide, markdownWide:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, Formats)
}

// Column is one column of a Table.
type Column struct {
	// Key names the column in CSV headers and JSON objects (snake_case, with its unit).
	Key string
	// Header is the column's title in the terminal and Markdown forms (with its unit).
	Header string
	// Show renders a value for reading; nil means Plain.
	Show func(v any) string
	// Detail marks a column that only CSV, JSON and --wide tables carry, to keep terminal
	// tables narrow.
	Detail bool
	// Wide marks a column a terminal table may leave out to fit MaxWidth (saying so under
	// the table); --wide, CSV and JSON always carry it.
	Wide bool
}

// Table is a rectangular result: one value per column in each row.
type Table struct {
	Columns []Column
	Rows    [][]any
	// Caption is printed under the terminal and Markdown forms (e.g. what is ideal, the
	// units); CSV and JSON leave it out.
	Caption string
	// NameDetail makes the terminal and Markdown forms name the Detail columns they leave
	// out, under the caption, so that no column goes missing without a word.
	NameDetail bool
}

// leftOutNote is the one line that names every column a terminal or Markdown form leaves
// out — the Detail ones (when the table asks for them to be named) and, for the terminal, the
// Wide ones dropped to fit MaxWidth (dropped, by header) — in column order, and where to find
// them; "" when there are none.
func (t *Table) leftOutNote(wide bool, dropped []string) string {
	var names []string
	for _, c := range t.Columns {
		name := cmp.Or(c.Header, c.Key)
		if (c.Detail && t.NameDetail && !wide) || slices.Contains(dropped, name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	where := "Not shown (--wide shows them; CSV and JSON carry every column): "
	if len(dropped) > 0 {
		where = "Not shown, to fit " + fmt.Sprint(MaxWidth) + " columns (--wide shows them; CSV and JSON carry every column): "
	}
	return where + strings.Join(names, ", ") + "."
}

// Add appends a row; it must have one value per column.
func (t *Table) Add(values ...any) { t.Rows = append(t.Rows, values) }

// Write renders the table in format f.
func (t *Table) Write(w io.Writer, f Format) error {
	switch f {
	case Text, textWide:
		return t.writeText(w, f == textWide)
	case Markdown, markdownWide:
		return t.writeMarkdown(w, f == markdownWide)
	case CSV:
		return t.writeCSV(w)
	case JSON:
		return t.writeJSON(w)
	}
	return fmt.Errorf("unknown format %q (want %s)", f, Formats)
}

// visible are the indexes of the columns the terminal and Markdown forms show: all with
// wide, else all but the Detail ones.
func (t *Table) visible(wide bool) []int {
	var out []int
	for i, c := range t.Columns {
		if wide || !c.Detail {
			out = append(out, i)
		}
	}
	return out
}

// shown renders the cells of columns cols of a row for reading.
func (t *Table) shown(row []any, cols []int) []string {
	out := make([]string, len(cols))
	for k, i := range cols {
		show := t.Columns[i].Show
		if show == nil {
			show = Plain
		}
		out[k] = show(row[i])
	}
	return out
}

// headers are the titles of columns cols.
func (t *Table) headers(cols []int) []string {
	h := make([]string, len(cols))
	for k, i := range cols {
		h[k] = t.Columns[i].Header
		if h[k] == "" { // a Detail column shown by --wide
			h[k] = t.Columns[i].Key
		}
	}
	return h
}

// writeText writes the box table: every column with wide; otherwise the non-Detail ones,
// fitted to MaxWidth (two-line headers, then Wide columns left out and named in a note).
// The caption is wrapped to MaxWidth.
func (t *Table) writeText(w io.Writer, wide bool) error {
	cols := t.visible(wide)
	cells := func(cols []int) [][]string {
		rows := make([][]string, len(t.Rows))
		for i, r := range t.Rows {
			rows[i] = t.shown(r, cols)
		}
		return rows
	}
	header, rows := t.headers(cols), cells(cols)
	var dropped []string
	if !wide {
		cols, header, rows, dropped = t.fit(header, rows, cols)
	}
	if err := writeBox(w, header, rows, t.rightAligned(cols)); err != nil {
		return err
	}
	caption := strings.TrimSpace(t.Caption + "\n" + t.leftOutNote(wide, dropped))
	if caption != "" {
		if !wide {
			caption = wrapText(caption, MaxWidth)
		}
		_, err := fmt.Fprintln(w, caption)
		return err
	}
	return nil
}

// rightAligned puts columns of text on the left and columns of numbers on the right, judging
// by the first row's values.
func (t *Table) rightAligned(cols []int) []bool {
	a := make([]bool, len(cols))
	for k, i := range cols {
		right := true
		if len(t.Rows) > 0 {
			switch t.Rows[0][i].(type) {
			case string, bool, fmt.Stringer:
				right = false
			}
		}
		a[k] = right
	}
	return a
}

func (t *Table) writeMarkdown(w io.Writer, wide bool) error {
	cols := t.visible(wide)
	var b bytes.Buffer
	row := func(cells []string) {
		for i := range cells {
			cells[i] = strings.ReplaceAll(cells[i], "|", `\|`)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	row(t.headers(cols))
	sep := make([]string, len(cols))
	for i := range sep {
		sep[i] = "---"
	}
	row(sep)
	for _, r := range t.Rows {
		row(t.shown(r, cols))
	}
	if caption := strings.TrimSpace(t.Caption + "\n" + t.leftOutNote(wide, nil)); caption != "" {
		b.WriteString("\n" + caption + "\n")
	}
	_, err := w.Write(b.Bytes())
	return err
}

func (t *Table) writeCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	keys := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		keys[i] = c.Key
	}
	if err := cw.Write(keys); err != nil {
		return err
	}
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i, v := range r {
			rec[i] = Exact(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeJSON writes one array of objects, keys in column order, values unrounded.
func (t *Table) writeJSON(w io.Writer) error {
	var b bytes.Buffer
	b.WriteString("[")
	for j, r := range t.Rows {
		if j > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n  {")
		for i, c := range t.Columns {
			if i > 0 {
				b.WriteString(", ")
			}
			k, _ := json.Marshal(c.Key)
			b.Write(k)
			b.WriteString(": ")
			if x, ok := r[i].(float64); ok {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return fmt.Errorf("column %s: %v is not a JSON number", c.Key, x)
				}
				b.Write(AppendNumber(nil, x))
				continue
			}
			v, err := json.Marshal(r[i])
			if err != nil {
				return fmt.Errorf("column %s: %w", c.Key, err)
			}
			b.Write(v)
		}
		b.WriteString("}")
	}
	b.WriteString("\n]\n")
	_, err := w.Write(b.Bytes())
	return err
}

// WriteJSON writes v as indented JSON followed by a newline, for results that are not flat
// tables.
func WriteJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// Exact renders a value without rounding: floats as Number writes them (integers as
// integers, others in plain decimal notation, the fewest digits that read back exactly).
func Exact(v any) string {
	switch x := v.(type) {
	case float64:
		return Number(x)
	case nil:
		return ""
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// Plain renders a value as Exact does, except that floats get 4 significant digits.
func Plain(v any) string {
	if x, ok := v.(float64); ok {
		return Sig(4)(x)
	}
	return Exact(v)
}
