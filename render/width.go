package render

import (
	"slices"
	"strings"
)

// MaxWidth is the widest a terminal table gets by default, in columns: wider tables wrap
// in an ordinary terminal. A table over it first writes its headers on two lines, then
// leaves out its Wide columns (the rightmost first) and says so; --wide shows everything.
const MaxWidth = 120

// Wide is format f showing every column, Detail and Wide ones included (--wide); CSV and
// JSON carry every column anyway.
func (f Format) Wide() Format {
	switch f {
	case Text:
		return textWide
	case Markdown:
		return markdownWide
	}
	return f
}

// The --wide forms of the table formats.
const (
	textWide     Format = "table-wide"
	markdownWide Format = "markdown-wide"
)

// boxWidth is the width of a box table with columns of the given widths.
func boxWidth(widths []int) int {
	n := 1
	for _, w := range widths {
		n += w + 3
	}
	return n
}

// columnWidths measures each column's widest line, header included.
func columnWidths(header []string, rows [][]string) []int {
	widths := make([]int, len(header))
	for _, cells := range append([][]string{header}, rows...) {
		for i, c := range cells {
			for _, line := range cellLines(c) {
				widths[i] = max(widths[i], displayWidth(line))
			}
		}
	}
	return widths
}

// twoLines splits a header at the space that makes its longer line shortest ("TPOT ms
// calibrated" → "TPOT ms\ncalibrated"); a header of one word stays whole.
func twoLines(h string) string {
	if strings.Contains(h, "\n") {
		return h
	}
	best, bestW := h, displayWidth(h)
	for i, r := range h {
		if r != ' ' {
			continue
		}
		a, b := h[:i], h[i+1:]
		if w := max(displayWidth(a), displayWidth(b)); w < bestW {
			best, bestW = a+"\n"+b, w
		}
	}
	return best
}

// fit chooses what a default (not --wide) terminal table of columns cols shows, to fit
// MaxWidth, in three steps while it is too wide: headers on two lines; the Wide columns
// left out, the rightmost first; cells of text columns (left-aligned, with spaces, commas
// or slashes) wrapped,
// the widest column first, down to minTextWidth. It returns the columns
// kept, their headers and cells, and the headers of the columns left out.
func (t *Table) fit(header []string, rows [][]string, cols []int) (keep []int, headers []string, cells [][]string, dropped []string) {
	if boxWidth(columnWidths(header, rows)) <= MaxWidth {
		return cols, header, rows, nil
	}
	headers = make([]string, len(header))
	for i, h := range header {
		headers[i] = twoLines(h)
	}
	cells = make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = append([]string(nil), r...)
	}
	alive := make([]bool, len(cols))
	for i := range alive {
		alive[i] = true
	}
	widths := func() []int {
		w := columnWidths(headers, cells)
		for i := range w {
			if !alive[i] {
				w[i] = -3 // boxWidth adds 3 per column
			}
		}
		return w
	}
	for i := len(cols) - 1; i >= 0 && boxWidth(widths()) > MaxWidth; i-- {
		if t.Columns[cols[i]].Wide {
			alive[i] = false
			dropped = append([]string{header[i]}, dropped...)
		}
	}
	right := t.rightAligned(cols)
	// Water-filling: the widest wrappable column is wrapped down to the next widest (or to
	// what the table needs), so that wide text columns end up about as wide as each other.
	orig := make([][]string, len(cells))
	for r := range cells {
		orig[r] = slices.Clone(cells[r])
	}
	for stuck := map[int]bool{}; boxWidth(widths()) > MaxWidth; {
		w := widths()
		pick, next := -1, minTextWidth
		for i := range cols {
			if alive[i] && !right[i] && !stuck[i] && w[i] > minTextWidth && hasSpace(cells, i) {
				if pick < 0 || w[i] > w[pick] {
					pick = i
				}
			}
		}
		if pick < 0 {
			break
		}
		for i := range cols {
			if i != pick && alive[i] && !right[i] && !stuck[i] && w[i] < w[pick] && hasSpace(cells, i) {
				next = max(next, w[i])
			}
		}
		target := max(next, w[pick]-(boxWidth(w)-MaxWidth), minTextWidth)
		if target >= w[pick] {
			target = w[pick] - 1
		}
		for r := range cells {
			cells[r][pick] = wrapText(orig[r][pick], target)
		}
		if nw := widths()[pick]; nw >= w[pick] || nw <= minTextWidth { // unbreakable, or as narrow as it goes
			stuck[pick] = true
		}
	}
	var kept [][]string = make([][]string, len(cells))
	for i, c := range cols {
		if !alive[i] {
			continue
		}
		keep = append(keep, c)
		headers[len(keep)-1] = headers[i]
		for r := range cells {
			kept[r] = append(kept[r], cells[r][i])
		}
	}
	return keep, headers[:len(keep)], kept, dropped
}

// minTextWidth is the narrowest a text column is wrapped to, in columns.
const minTextWidth = 16

// hasSpace says some cell of column i holds a space, a comma or a slash (text that can
// wrap).
func hasSpace(rows [][]string, i int) bool {
	for _, r := range rows {
		if strings.ContainsAny(r[i], " ,/") {
			return true
		}
	}
	return false
}

// wrapText breaks each line of s longer than width after a space or a comma; in a run of
// text with neither, after a slash (a path); in one with none of them, at width.
func wrapText(s string, width int) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		for displayWidth(line) > width {
			cut, slash, hard, n := -1, -1, -1, 0
			for i, r := range line {
				rw := displayWidth(string(r))
				if n+rw > width {
					hard = i
					if r == ' ' { // the text before this space fits exactly
						cut = i
					}
					break
				}
				n += rw
				switch r {
				case ' ', ',':
					cut = i + 1
				case '/':
					slash = i + 1
				}
			}
			for _, c := range []int{cut, slash, hard} {
				if c > 0 {
					cut = c
					break
				}
			}
			if cut <= 0 {
				break
			}
			out = append(out, strings.TrimRight(line[:cut], " "))
			line = strings.TrimLeft(line[cut:], " ")
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
