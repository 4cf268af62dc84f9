package kernels

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/decost/decost/precision"
)

// Limits on a table file, so that a wrong or hostile file fails with a clear message instead
// of exhausting memory.
const (
	// MaxTableBytes is the largest table file Read accepts, in bytes.
	MaxTableBytes = 8 << 20
	// MaxLineBytes is the longest line Read accepts, in bytes.
	MaxLineBytes = 4096
	// MaxPoints is the most measurements one table may hold.
	MaxPoints = 100000
)

// latencyColumn is the name of the measured-latency column of a table file, in µs.
const latencyColumn = "latency_us"

// Read reads one table file (the format written by Write and described in the package doc):
// "key: value" lines (id, card, impl, op, dtype, source, fabric, and the op class's
// parameters), then a CSV header naming the op class's axes and latency_us, then one row per
// measurement. Lines starting with # and blank lines are ignored. Errors name the line.
func Read(r io.Reader) (*Table, error) {
	lr := &io.LimitedReader{R: r, N: MaxTableBytes + 1}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 0, 512), MaxLineBytes)
	meta := map[string]string{}
	params := map[string]float64{}
	var (
		header []string
		col    []int // axis index → column
		latCol = -1
		op     Op
		spec   *opSpec
		points []Point
	)
	line := 0
	fail := func(format string, a ...any) (*Table, error) {
		return nil, fmt.Errorf("kernel table: line %d: %s", line, fmt.Sprintf(format, a...))
	}
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		if k, v, ok := strings.Cut(text, ":"); header == nil && ok && !strings.Contains(k, ",") {
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			if k == "" {
				return fail("want \"key: value\" or the CSV header, got %q", clip(text))
			}
			if _, dup := meta[k]; dup {
				return fail("%s given twice", k)
			}
			if _, dup := params[k]; dup {
				return fail("%s given twice", k)
			}
			switch k {
			case "id", "card", "impl", "op", "dtype", "source", "fabric":
				meta[k] = v
			default:
				if meta["op"] == "" {
					return fail("unknown key %q (parameters come after op)", clip(k))
				}
				x, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return fail("%s: %q is not a number", k, clip(v))
				}
				params[k] = x
			}
			if k == "op" {
				op = Op(v)
				var ok bool
				if spec, ok = specOf(op); !ok {
					return fail("unknown op class %q (want one of %v)", clip(v), Ops())
				}
			}
			continue
		}
		fields := strings.Split(text, ",")
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		if header == nil {
			if spec == nil {
				return fail("the CSV header comes before \"op:\"")
			}
			header = fields
			col = make([]int, len(spec.axes))
			for i := range col {
				col[i] = -1
			}
			for j, h := range fields {
				found := h == latencyColumn
				if found {
					if latCol >= 0 {
						return fail("column %s twice", h)
					}
					latCol = j
				}
				for i, a := range spec.axes {
					if a.name == h {
						if col[i] >= 0 {
							return fail("column %s twice", h)
						}
						col[i], found = j, true
					}
				}
				if !found {
					return fail("unknown column %q for %s (want %s, %s)", clip(h), op, strings.Join(Axes(op), ", "), latencyColumn)
				}
			}
			for i, c := range col {
				if c < 0 {
					return fail("missing column %s (want %s, %s)", spec.axes[i].name, strings.Join(Axes(op), ", "), latencyColumn)
				}
			}
			if latCol < 0 {
				return fail("missing column %s", latencyColumn)
			}
			continue
		}
		if len(fields) != len(header) {
			return fail("%d fields, want %d (%s)", len(fields), len(header), strings.Join(header, ","))
		}
		if len(points) == MaxPoints {
			return fail("more than %d measurements", MaxPoints)
		}
		p := Point{Shape: make([]float64, len(col))}
		for i, c := range col {
			x, err := strconv.ParseFloat(fields[c], 64)
			if err != nil || !(x > 0) || math.IsInf(x, 0) {
				return fail("%s: want a positive number, got %q", spec.axes[i].name, clip(fields[c]))
			}
			p.Shape[i] = x
		}
		us, err := strconv.ParseFloat(fields[latCol], 64)
		if err != nil || !(us > 0) || math.IsInf(us, 0) {
			return fail("%s: want a positive number of µs, got %q", latencyColumn, clip(fields[latCol]))
		}
		p.Seconds = us * 1e-6
		points = append(points, p)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("kernel table: line %d longer than %d bytes", line+1, MaxLineBytes)
		}
		return nil, fmt.Errorf("kernel table: %w", err)
	}
	if lr.N <= 0 {
		return nil, fmt.Errorf("kernel table: file larger than %d bytes", MaxTableBytes)
	}
	for _, k := range []string{"id", "card", "op", "dtype", "source"} {
		if meta[k] == "" {
			return nil, fmt.Errorf("kernel table: missing %q", k+":")
		}
	}
	dtype, err := precision.Parse(meta["dtype"])
	if err != nil {
		return nil, fmt.Errorf("kernel table %s: dtype: %w", meta["id"], err)
	}
	if f := meta["fabric"]; f != "" && f != "rdma" && f != "nvlink" {
		return nil, fmt.Errorf("kernel table %s: fabric %q (want rdma or nvlink)", meta["id"], clip(f))
	}
	if header == nil {
		return nil, fmt.Errorf("kernel table %s: no CSV header (want %s, %s)", meta["id"], strings.Join(Axes(op), ", "), latencyColumn)
	}
	t, err := NewTable(meta["id"], meta["card"], meta["impl"], op, dtype, meta["source"], params, points)
	if err != nil {
		return nil, err
	}
	t.Fabric = meta["fabric"]
	return t, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// Write writes t in the format Read reads, points in shape order, latencies in µs.
func (t *Table) Write(w io.Writer) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# decost kernel table: measured latency per shape (see package kernels)\n")
	fmt.Fprintf(&b, "id: %s\ncard: %s\n", t.ID, t.Card)
	if t.Impl != "" {
		fmt.Fprintf(&b, "impl: %s\n", t.Impl)
	}
	fmt.Fprintf(&b, "op: %s\ndtype: %s\n", t.Op, t.DType)
	if t.Fabric != "" {
		fmt.Fprintf(&b, "fabric: %s\n", t.Fabric)
	}
	fmt.Fprintf(&b, "source: %s\n", strings.ReplaceAll(t.Source, "\n", " "))
	keys := make([]string, 0, len(t.Params))
	for k := range t.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\n", k, strconv.FormatFloat(t.Params[k], 'g', -1, 64))
	}
	b.WriteString(strings.Join(Axes(t.Op), ",") + "," + latencyColumn + "\n")
	for _, p := range t.Points {
		for _, x := range p.Shape {
			b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatFloat(p.Seconds*1e6, 'g', 10, 64))
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}
