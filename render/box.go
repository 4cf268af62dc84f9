package render

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// writeBox draws the terminal form of a table: an ASCII box with one space of padding,
// a header row (left-aligned) and the body rows, each column aligned left or right as
// rightAligned says. Cells are trimmed of surrounding spaces; a cell with line breaks spans
// several lines of its row.
func writeBox(w io.Writer, header []string, rows [][]string, rightAligned []bool) error {
	widths := make([]int, len(header))
	measure := func(cells []string) {
		for i, c := range cells {
			for _, line := range cellLines(c) {
				widths[i] = max(widths[i], displayWidth(line))
			}
		}
	}
	measure(header)
	for _, r := range rows {
		measure(r)
	}
	var b strings.Builder
	rule := func() {
		b.WriteByte('+')
		for _, n := range widths {
			b.WriteString(strings.Repeat("-", n+2))
			b.WriteByte('+')
		}
		b.WriteByte('\n')
	}
	line := func(cells []string, right func(i int) bool) {
		lines := make([][]string, len(cells))
		height := 1
		for i, c := range cells {
			lines[i] = cellLines(c)
			height = max(height, len(lines[i]))
		}
		for l := range height {
			b.WriteByte('|')
			for i, n := range widths {
				s := ""
				if l < len(lines[i]) {
					s = lines[i][l]
				}
				pad := strings.Repeat(" ", n-displayWidth(s))
				b.WriteByte(' ')
				if right(i) {
					b.WriteString(pad + s)
				} else {
					b.WriteString(s + pad)
				}
				b.WriteString(" |")
			}
			b.WriteByte('\n')
		}
	}
	rule()
	line(header, func(int) bool { return false })
	rule()
	for _, r := range rows {
		line(r, func(i int) bool { return rightAligned[i] })
	}
	if len(rows) > 0 {
		rule()
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// cellLines splits a cell at its line breaks, each line trimmed of surrounding spaces.
func cellLines(c string) []string {
	lines := strings.Split(strings.TrimSpace(c), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return lines
}

// displayWidth is the terminal columns s takes: 2 for East Asian wide and fullwidth
// characters, 0 for combining marks and other zero-width characters, 1 otherwise.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			n++
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case wide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

// wide reports East Asian wide and fullwidth runes (Hangul Jamo, CJK, Hangul syllables,
// compatibility ideographs and forms, fullwidth forms, the supplementary ideographic planes)
// and the emoji blocks.
func wide(r rune) bool {
	switch {
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0x303E, r >= 0x3041 && r <= 0x33FF,
		r >= 0x3400 && r <= 0x4DBF, r >= 0x4E00 && r <= 0x9FFF, r >= 0xA000 && r <= 0xA4CF,
		r >= 0xAC00 && r <= 0xD7A3, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFF60, r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1F64F,
		r >= 0x1F900 && r <= 0x1F9FF, r >= 0x20000 && r <= 0x3FFFD:
		return true
	}
	return false
}
