package kernels

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/internal/bounded"
	"github.com/decost/decost/precision"
)

// Builder gathers measurements taken on one card, from one or more CSV files, into tables:
// one per op class and dtype, with id "<card>/measured/<op>/<dtype>" (decost calibrate
// --kernel-table). It reads two formats:
//
//   - decost's measurement CSV (hardware.ReadMeasurements: kind, dtype, ms, flops, bytes,
//     T, M, N, K, as testdata/h200/gemm.csv): every row with M, N and K becomes a GEMM
//     point (x[M,K]·W[N,K]ᵀ); copy and read rows are skipped;
//   - a kernel measurement CSV: columns op, dtype and latency_us (µs), the axes of the op
//     classes it holds (package doc; a row leaves the others empty), and for dispatch and
//     combine rows hidden, topk and fabric (rdma or nvlink); optionally impl.
//
// Both are read within hardware's measurement caps (MaxMeasurementBytes, lines of
// MaxMeasurementLineBytes, MaxMeasurementRows rows). A shape measured twice is an error
// naming both lines.
type Builder struct {
	card   string
	files  []string
	groups map[groupKey]*group
	order  []groupKey
}

type groupKey struct {
	op     Op
	dtype  precision.Format
	params string // for all-to-all: hidden, topk, fabric
}

type group struct {
	impl   string
	fabric string
	params map[string]float64
	points []Point
	where  map[string]string // shape → "file line N"
}

// NewBuilder starts the tables of card (a catalogue id).
func NewBuilder(card string) *Builder {
	return &Builder{card: card, groups: map[groupKey]*group{}}
}

// kernelColumns are the columns of a kernel measurement CSV besides the axes.
var kernelColumns = []string{"op", "dtype", latencyColumn, "impl", "hidden", "topk", "fabric"}

// ReadCSV reads one measurement file (either format) named name (for messages and the
// tables' source). For a decost measurement CSV it also returns its rows, for the profile
// fit; for a kernel measurement CSV it returns nil.
func (b *Builder) ReadCSV(r io.Reader, name string) ([]hardware.Measurement, error) {
	data, err := bounded.ReadAll(r, bounded.Limits{MaxBytes: hardware.MaxMeasurementBytes, MaxLineBytes: hardware.MaxMeasurementLineBytes})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, bounded.Describe(err, "a measurement CSV"))
	}
	header, _, _ := strings.Cut(string(data), "\n")
	cols := map[string]bool{}
	for _, h := range strings.Split(header, ",") {
		cols[strings.TrimSpace(h)] = true
	}
	if cols["kind"] && !cols["op"] {
		ms, err := hardware.ReadMeasurements(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return ms, b.AddMeasurements(ms, name)
	}
	return nil, b.readKernelCSV(data, name)
}

// AddMeasurements adds the GEMM rows (those with M, N and K) of a decost measurement CSV
// named name.
func (b *Builder) AddMeasurements(ms []hardware.Measurement, name string) error {
	b.files = append(b.files, name)
	for _, m := range ms {
		if m.M <= 0 || m.N <= 0 || m.K <= 0 {
			continue
		}
		where := fmt.Sprintf("%s line %d", name, m.Line)
		if err := b.add(groupKey{op: OpGEMM, dtype: m.Format}, "", "", nil,
			Point{Shape: []float64{float64(m.N), float64(m.K), float64(m.M)}, Seconds: m.Seconds}, where); err != nil {
			return err
		}
	}
	return nil
}

func (b *Builder) readKernelCSV(data []byte, name string) error {
	b.files = append(b.files, name)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.Comment = '#'
	header, err := cr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty file, want a header row", name)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	header = append([]string(nil), header...)
	col := map[string]int{}
	known := append([]string(nil), kernelColumns...)
	for _, op := range Ops() {
		known = append(known, Axes(op)...)
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if _, dup := col[h]; dup {
			return fmt.Errorf("%s line 1: column %q twice", name, h)
		}
		if !slices.Contains(known, h) {
			return fmt.Errorf("%s line 1: unknown column %q (a kernel measurement CSV has op, dtype, latency_us, the op classes' axes and, for dispatch/combine, hidden, topk, fabric; or decost's measurement CSV with kind, dtype, ms, flops, bytes)", name, clip(h))
		}
		col[h] = i
	}
	for _, c := range []string{"op", "dtype", latencyColumn} {
		if _, ok := col[c]; !ok {
			return fmt.Errorf("%s line 1: no %q column", name, c)
		}
	}
	rows := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if rows++; rows > hardware.MaxMeasurementRows {
			return fmt.Errorf("%s: more than %d rows", name, hardware.MaxMeasurementRows)
		}
		if len(rec) != len(header) {
			return fmt.Errorf("%s line %d: %d fields, want %d as in the header", name, line, len(rec), len(header))
		}
		field := func(c string) string {
			if i, ok := col[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s line %d: %s", name, line, fmt.Sprintf(format, a...))
		}
		op := Op(field("op"))
		spec, ok := specOf(op)
		if !ok {
			return fail("op: unknown op class %q (want one of %v)", clip(string(op)), Ops())
		}
		dtype, err := precision.Parse(field("dtype"))
		if err != nil {
			return fail("dtype: %v", err)
		}
		positive := func(c string) (float64, error) {
			v := field(c)
			if _, ok := col[c]; !ok {
				return 0, fail("a %s row needs a %q column", op, c)
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || !(x > 0) || math.IsInf(x, 0) {
				return 0, fail("%s: want a positive number, got %q", c, clip(v))
			}
			return x, nil
		}
		p := Point{Shape: make([]float64, len(spec.axes))}
		for i, a := range spec.axes {
			if p.Shape[i], err = positive(a.name); err != nil {
				return err
			}
		}
		us := field(latencyColumn)
		sec, err := microsToSeconds(us)
		if err != nil || !(sec > 0) || math.IsInf(sec, 0) {
			return fail("%s: want a positive number of µs, got %q", latencyColumn, clip(us))
		}
		p.Seconds = sec
		key := groupKey{op: op, dtype: dtype}
		var params map[string]float64
		fabric := ""
		if len(spec.params) > 0 {
			params = map[string]float64{}
			for _, c := range spec.params {
				if params[c], err = positive(c); err != nil {
					return err
				}
			}
			fabric = field("fabric")
			if fabric != "rdma" && fabric != "nvlink" {
				return fail("fabric: want rdma or nvlink for a %s row, got %q", op, clip(fabric))
			}
			key.params = fmt.Sprintf("hidden %g topk %g %s", params["hidden"], params["topk"], fabric)
		}
		if err := b.add(key, field("impl"), fabric, params, p, fmt.Sprintf("%s line %d", name, line)); err != nil {
			return err
		}
	}
	return nil
}

func (b *Builder) add(key groupKey, impl, fabric string, params map[string]float64, p Point, where string) error {
	g := b.groups[key]
	if g == nil {
		g = &group{impl: impl, fabric: fabric, params: params, where: map[string]string{}}
		b.groups[key] = g
		b.order = append(b.order, key)
	}
	if impl != g.impl {
		return fmt.Errorf("%s: impl %q, but earlier %s %s rows say %q (one implementation per table)", where, clip(impl), key.op, key.dtype, g.impl)
	}
	shape := fmt.Sprint(p.Shape)
	if first, dup := g.where[shape]; dup {
		return fmt.Errorf("%s: %s %s shape %s (%s) measured again (first at %s); want each shape once", where, key.op, key.dtype, shape, strings.Join(Axes(key.op), ", "), first)
	}
	g.where[shape] = where
	g.points = append(g.points, p)
	return nil
}

// Tables returns the tables built so far, in op class, dtype order; an error if there are
// none.
func (b *Builder) Tables() ([]*Table, error) {
	if len(b.order) == 0 {
		return nil, errors.New("kernel tables: no kernel rows (a GEMM row needs M, N and K; see decost calibrate --help)")
	}
	keys := append([]groupKey(nil), b.order...)
	sort.SliceStable(keys, func(i, j int) bool {
		if keys[i].op != keys[j].op {
			return opIndex(keys[i].op) < opIndex(keys[j].op)
		}
		if keys[i].dtype != keys[j].dtype {
			return keys[i].dtype < keys[j].dtype
		}
		return keys[i].params < keys[j].params
	})
	source := "decost calibrate --kernel-table from " + strings.Join(b.files, ", ") + " (measured on " + b.card + ")"
	var out []*Table
	seen := map[string]int{}
	for _, k := range keys {
		g := b.groups[k]
		id := b.card + "/measured/" + string(k.op) + "/" + string(k.dtype)
		if seen[id]++; seen[id] > 1 { // all-to-all tables at several sizes
			id += "-" + strconv.Itoa(seen[id])
		}
		t, err := NewTable(Info{ID: id, Card: b.card, Impl: g.impl, Op: k.op, DType: k.dtype, Fabric: g.fabric, Source: source, Params: g.params}, g.points)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}
