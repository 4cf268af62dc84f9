package kernels

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/decost/decost/internal/bounded"
	"github.com/decost/decost/precision"
)

// Limits on a table file, so that a wrong or hostile file fails with a clear message instead
// of exhausting memory (through internal/bounded, like every input reader).
const (
	// MaxTableBytes is the largest table file Read accepts, in bytes.
	MaxTableBytes = 8 << 20
	// MaxLineBytes is the longest line Read accepts, in bytes.
	MaxLineBytes = 4096
	// MaxPoints is the most measurements one file may hold (all its tables together).
	MaxPoints = 100000
)

// latencyColumn is the name of the measured-latency column of a table file, in µs.
const latencyColumn = "latency_us"

// separator is the line between two tables in one file.
const separator = "---"

// Read reads a file holding exactly one table (see ReadAll).
func Read(r io.Reader) (*Table, error) {
	ts, err := ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(ts) != 1 {
		return nil, fmt.Errorf("kernel table: file holds %d tables, want 1", len(ts))
	}
	return ts[0], nil
}

// ReadAll reads a table file (the format written by WriteAll and described in the package
// doc): one or more tables separated by "---" lines, each "key: value" lines (id, card,
// impl, op, dtype, source, fabric, and the op class's parameters), then a CSV header naming
// the op class's axes and latency_us, then one row per measurement. Lines starting with #
// and blank lines are ignored. Errors name the line and the field. The file is limited to
// MaxTableBytes, lines to MaxLineBytes, measurements to MaxPoints.
func ReadAll(r io.Reader) ([]*Table, error) {
	data, err := bounded.ReadAll(r, bounded.Limits{MaxBytes: MaxTableBytes, MaxLineBytes: MaxLineBytes})
	if err != nil {
		return nil, fmt.Errorf("kernel table: %w", bounded.Describe(err, "a kernel table"))
	}
	return parseAll(string(data))
}

// parseAll parses a whole table file held in memory (lines are substrings of it: no
// allocation per line).
func parseAll(data string) ([]*Table, error) {
	var (
		tables []*Table
		p      = &tableParser{}
		line   int
		points int
	)
	for rest := data; rest != ""; {
		var text string
		text, rest, _ = strings.Cut(rest, "\n")
		line++
		text = strings.TrimSpace(text)
		switch {
		case text == "" || text[0] == '#':
			continue
		case text == separator:
			t, err := p.finish(line)
			if err != nil {
				return nil, err
			}
			tables, p = append(tables, t), &tableParser{}
			continue
		}
		if p.header != nil {
			if points++; points > MaxPoints {
				return nil, fmt.Errorf("kernel table: line %d: more than %d measurements", line, MaxPoints)
			}
		}
		if err := p.line(text); err != nil {
			return nil, fmt.Errorf("kernel table: line %d: %w", line, err)
		}
	}
	t, err := p.finish(line)
	if err != nil {
		return nil, err
	}
	return append(tables, t), nil
}

// tableParser reads the lines of one table.
type tableParser struct {
	meta   map[string]string
	params map[string]float64
	spec   *opSpec
	header []string
	col    []int // axis index → column
	latCol int
	points []Point
	// fields is reused by every data row; shapes backs the points' coordinates.
	fields []string
	shapes []float64
}

var metaKeys = []string{"id", "card", "impl", "op", "dtype", "source", "fabric"}

func (p *tableParser) line(text string) error {
	if k, v, ok := strings.Cut(text, ":"); p.header == nil && ok && !strings.Contains(k, ",") {
		return p.keyValue(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	if p.header == nil {
		fields := strings.Split(text, ",")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		return p.readHeader(fields)
	}
	// A data row: split into the parser's reused field slice (no allocation per row).
	p.fields = p.fields[:0]
	for {
		f, rest, more := strings.Cut(text, ",")
		p.fields = append(p.fields, strings.TrimSpace(f))
		if !more {
			break
		}
		text = rest
	}
	fields := p.fields
	if len(fields) != len(p.header) {
		return fmt.Errorf("%d fields, want %d (%s)", len(fields), len(p.header), strings.Join(p.header, ","))
	}
	start := len(p.shapes)
	for i, c := range p.col {
		x, err := strconv.ParseFloat(fields[c], 64)
		if err != nil || !(x > 0) || math.IsInf(x, 0) {
			return fmt.Errorf("%s: want a positive number, got %q", p.spec.axes[i].name, clip(fields[c]))
		}
		p.shapes = append(p.shapes, x)
	}
	sec, err := microsToSeconds(fields[p.latCol])
	if err != nil || !(sec > 0) || math.IsInf(sec, 0) {
		return fmt.Errorf("%s: want a positive number of µs, got %q", latencyColumn, clip(fields[p.latCol]))
	}
	p.points = append(p.points, Point{Shape: p.shapes[start:len(p.shapes):len(p.shapes)], Seconds: sec})
	return nil
}

func (p *tableParser) keyValue(k, v string) error {
	if p.meta == nil {
		p.meta, p.params = map[string]string{}, map[string]float64{}
	}
	if k == "" {
		return fmt.Errorf("want \"key: value\" or the CSV header, got %q", clip(":"+v))
	}
	_, dup1 := p.meta[k]
	_, dup2 := p.params[k]
	if dup1 || dup2 {
		return fmt.Errorf("%s given twice", clip(k))
	}
	if slices.Contains(metaKeys, k) {
		p.meta[k] = v
		if k == "op" {
			var ok bool
			if p.spec, ok = specOf(Op(v)); !ok {
				return fmt.Errorf("op: unknown op class %q (want one of %v)", clip(v), Ops())
			}
		}
		return nil
	}
	if p.spec == nil {
		return fmt.Errorf("unknown key %q (want one of %s; parameters come after op)", clip(k), strings.Join(metaKeys, ", "))
	}
	if !slices.Contains(p.spec.params, k) {
		return fmt.Errorf("unknown key %q for %s (want one of %s, and the parameters %v)", clip(k), p.spec.op, strings.Join(metaKeys, ", "), p.spec.params)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return fmt.Errorf("%s: %q is not a number", k, clip(v))
	}
	p.params[k] = x
	return nil
}

func (p *tableParser) readHeader(fields []string) error {
	if p.spec == nil {
		return errors.New("the CSV header comes before \"op:\"")
	}
	want := strings.Join(Axes(p.spec.op), ", ") + ", " + latencyColumn
	p.header, p.latCol = fields, -1
	p.col = make([]int, len(p.spec.axes))
	for i := range p.col {
		p.col[i] = -1
	}
	for j, h := range fields {
		found := false
		if h == latencyColumn {
			if p.latCol >= 0 {
				return fmt.Errorf("column %s twice", h)
			}
			p.latCol, found = j, true
		}
		for i, a := range p.spec.axes {
			if a.name == h {
				if p.col[i] >= 0 {
					return fmt.Errorf("column %s twice", h)
				}
				p.col[i], found = j, true
			}
		}
		if !found {
			return fmt.Errorf("unknown column %q for %s (want %s)", clip(h), p.spec.op, want)
		}
	}
	for i, c := range p.col {
		if c < 0 {
			return fmt.Errorf("missing column %s (want %s)", p.spec.axes[i].name, want)
		}
	}
	if p.latCol < 0 {
		return fmt.Errorf("missing column %s (want %s)", latencyColumn, want)
	}
	return nil
}

// finish checks the table read so far (ending before line) and builds it.
func (p *tableParser) finish(line int) (*Table, error) {
	if p.meta == nil && p.header == nil {
		return nil, fmt.Errorf("kernel table: line %d: no table (want \"id: …\", \"card: …\", \"op: …\", …)", line)
	}
	id := p.meta["id"]
	for _, k := range []string{"id", "card", "op", "dtype", "source"} {
		if p.meta[k] == "" {
			return nil, fmt.Errorf("kernel table %s (ending at line %d): missing %q", id, line, k+":")
		}
	}
	dtype, err := precision.Parse(p.meta["dtype"])
	if err != nil {
		return nil, fmt.Errorf("kernel table %s: dtype: %w", id, err)
	}
	if p.header == nil {
		return nil, fmt.Errorf("kernel table %s: no CSV header (want %s, %s)", id, strings.Join(Axes(p.spec.op), ", "), latencyColumn)
	}
	return NewTable(Info{ID: id, Card: p.meta["card"], Impl: p.meta["impl"], Op: p.spec.op, DType: dtype,
		Fabric: p.meta["fabric"], Source: p.meta["source"], Params: p.params}, p.points)
}

// microsToSeconds parses a decimal number of µs as seconds, rounding once (the decimal
// exponent is shifted, not the float multiplied), so that "11.714" reads as 11.714e-6,
// exactly as strconv would read "11.714e-6".
func microsToSeconds(s string) (float64, error) {
	if v, ok := fastMicros(s); ok {
		return v, nil
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 400 || e < -400 {
			return 0, fmt.Errorf("bad exponent in %q", s)
		}
		mant, exp = s[:i], e
	}
	if mant == "" || strings.ContainsAny(mant, "xXpP_iInN") {
		return 0, fmt.Errorf("not a decimal number: %q", s)
	}
	return strconv.ParseFloat(mant+"e"+strconv.Itoa(exp-6), 64)
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// fastMicros reads a plain decimal "ddd.ddd" of at most 15 digits as seconds: the digits
// as an integer (exact) divided by an exact power of ten, one correctly rounded operation,
// the same float strconv gives for the decimal (its own exact fast path). ok is false for
// anything else, which the slow path reads.
func fastMicros(s string) (float64, bool) {
	var mant uint64
	digits, frac, dot := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 0 && c == '0' && !dot {
				continue // leading zero
			}
			digits++
			mant = mant*10 + uint64(c-'0')
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if len(s) == 0 || s == "." || digits > 15 || frac+6 >= len(pow10) {
		return 0, false
	}
	return float64(mant) / pow10[frac+6], true
}

// secondsToMicros writes seconds as a plain decimal number of µs that microsToSeconds reads
// back to the same float: the shortest decimal of the seconds, its point moved six places.
func secondsToMicros(sec float64) string {
	e := strconv.FormatFloat(sec, 'e', -1, 64) // d.ddde±x
	mant, exps, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(exps)
	digits := strings.Replace(mant, ".", "", 1)
	point := exp + 6 + 1 // digits before the decimal point
	switch {
	case point <= 0:
		return "0." + strings.Repeat("0", -point) + digits
	case point >= len(digits):
		return digits + strings.Repeat("0", point-len(digits))
	}
	return digits[:point] + "." + digits[point:]
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Write writes t in the format Read reads, points in shape order, latencies in µs.
func (t *Table) Write(w io.Writer) error { return WriteAll(w, []*Table{t}) }

// WriteAll writes tables to one file in the format ReadAll reads, separated by "---".
func WriteAll(w io.Writer, tables []*Table) error {
	var b bytes.Buffer
	b.WriteString("# decost kernel table: measured latency per shape (format: go doc github.com/decost/decost/kernels)\n")
	for i, t := range tables {
		if i > 0 {
			b.WriteString(separator + "\n")
		}
		t.write(&b)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func (t *Table) write(b *bytes.Buffer) {
	fmt.Fprintf(b, "id: %s\ncard: %s\n", t.ID, t.Card)
	if t.Impl != "" {
		fmt.Fprintf(b, "impl: %s\n", t.Impl)
	}
	fmt.Fprintf(b, "op: %s\ndtype: %s\n", t.Op, t.DType)
	if t.Fabric != "" {
		fmt.Fprintf(b, "fabric: %s\n", t.Fabric)
	}
	fmt.Fprintf(b, "source: %s\n", t.Source)
	keys := make([]string, 0, len(t.Params))
	for k := range t.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, "%s: %s\n", k, strconv.FormatFloat(t.Params[k], 'g', -1, 64))
	}
	b.WriteString(strings.Join(Axes(t.Op), ",") + "," + latencyColumn + "\n")
	for _, p := range t.Points {
		for _, x := range p.Shape {
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
			b.WriteByte(',')
		}
		b.WriteString(secondsToMicros(p.Seconds))
		b.WriteByte('\n')
	}
}
