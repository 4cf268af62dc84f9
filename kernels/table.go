package kernels

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/decost/decost/precision"
)

// Op is an op class: which kernel a table times. Each class has a fixed list of shape axes
// (Axes) in its own order.
type Op string

// The op classes decost has tables for.
const (
	// OpGEMM is a dense matrix product x[M,K]·W[N,K]ᵀ: axes n, k, m.
	OpGEMM Op = "gemm"
	// OpGroupedGEMM is an MoE grouped (per-expert) GEMM on one GPU: axes n, k, local_experts
	// (experts held by the GPU) and tokens_per_expert (mean tokens routed to each of them).
	OpGroupedGEMM Op = "grouped-gemm"
	// OpMLADecode is absorbed-MLA decode attention (FlashMLA): axes rows (query heads ×
	// query length per sequence), batch (sequences) and kv_len (cached tokens per sequence).
	OpMLADecode Op = "mla-decode"
	// OpGQADecode is GQA/MHA decode attention: axes head_dim, kv_heads, group_rows (query
	// heads per KV head × query length), batch and kv_len.
	OpGQADecode Op = "gqa-decode"
	// OpDSAIndexer is the DeepSeek sparse-attention lightning indexer's logits: axes rows
	// (indexer heads × query length), batch and kv_len.
	OpDSAIndexer Op = "dsa-indexer"
	// OpSparseMLADecode is sparse MLA decode attention over the top-k selected tokens: axes
	// rows (query heads × query length), topk, batch and kv_len.
	OpSparseMLADecode Op = "sparse-mla-decode"
	// OpGDNDecode is one gated-DeltaNet layer's decode step (causal conv update plus the
	// recurrent state update): axes v_heads and batch.
	OpGDNDecode Op = "gdn-decode"
	// OpDispatch is the MoE all-to-all dispatch: axes ep (ranks) and tokens_per_rank, at the
	// table's hidden size, top-k and format (Params).
	OpDispatch Op = "dispatch"
	// OpCombine is the MoE all-to-all combine, axes and parameters as OpDispatch.
	OpCombine Op = "combine"
)

// Ops lists every op class in a fixed order, opSpecs' (a new list each call).
func Ops() []Op {
	ops := make([]Op, len(opSpecs))
	for i := range opSpecs {
		ops[i] = opSpecs[i].op
	}
	return ops
}

// maxAxes is the most axes any op class has.
const maxAxes = 5

// axis is one shape axis of an op class. Inside the measured values a lookup interpolates
// log-log. Outside, it scales the nearest measured value's time by (x/x_edge)^e: above the
// largest with e = above, below the smallest with e = below. e = 1 is for an axis whose
// work grows in proportion (a weight or KV dimension, tokens, batch above the grid: the
// kernel is saturated there, so its time follows the work at the edge's efficiency); e = 0
// holds the edge's time (nearest), for axes where less of it does not make the kernel
// cheaper (tokens or batch below the grid: launch- and memory-bound) or more costs
// nothing more. A lookup is never below the table's fastest measurement (its launch floor).
type axis struct {
	name         string
	below, above float64
}

// opSpec is the definition of one op class.
type opSpec struct {
	op   Op
	axes []axis
	// params are the fixed parameters a table of this class must state (Params), e.g. the
	// hidden size an all-to-all was measured at.
	params []string
}

var opSpecs = []opSpec{
	{OpGEMM, []axis{{"n", 1, 1}, {"k", 1, 1}, {"m", 0, 1}}, nil},
	{OpGroupedGEMM, []axis{{"n", 1, 1}, {"k", 1, 1}, {"local_experts", 1, 1}, {"tokens_per_expert", 0, 1}}, nil},
	{OpMLADecode, []axis{{"rows", 0, 1}, {"batch", 0, 1}, {"kv_len", 0, 1}}, nil},
	{OpGQADecode, []axis{{"head_dim", 1, 1}, {"kv_heads", 1, 1}, {"group_rows", 0, 1}, {"batch", 0, 1}, {"kv_len", 0, 1}}, nil},
	{OpDSAIndexer, []axis{{"rows", 0, 1}, {"batch", 0, 1}, {"kv_len", 0, 1}}, nil},
	{OpSparseMLADecode, []axis{{"rows", 0, 1}, {"topk", 1, 1}, {"batch", 0, 1}, {"kv_len", 0, 0}}, nil},
	{OpGDNDecode, []axis{{"v_heads", 1, 1}, {"batch", 0, 1}}, nil},
	{OpDispatch, []axis{{"ep", 0, 0}, {"tokens_per_rank", 1, 1}}, []string{"hidden", "topk"}},
	{OpCombine, []axis{{"ep", 0, 0}, {"tokens_per_rank", 1, 1}}, []string{"hidden", "topk"}},
}

func specOf(op Op) (*opSpec, bool) {
	for i := range opSpecs {
		if opSpecs[i].op == op {
			return &opSpecs[i], true
		}
	}
	return nil, false
}

// Axes lists the shape axes of op class op in the order a table file's rows are nested
// (outermost first), or nil for an unknown class.
func Axes(op Op) []string {
	s, ok := specOf(op)
	if !ok {
		return nil
	}
	names := make([]string, len(s.axes))
	for i, a := range s.axes {
		names[i] = a.name
	}
	return names
}

// Point is one measurement of a table: the shape (counts — tokens, heads, elements, ranks —
// in the order of Axes(op)) and the measured latency in seconds.
type Point struct {
	Shape   []float64
	Seconds float64
}

// Info describes a table: what was measured, where, and from which source.
type Info struct {
	// ID names the table, "<card>/<source>/<op>/<dtype>", e.g. "h800/infersim/gemm/fp8"
	// (letters, digits and . _ - + / only).
	ID string
	// Card is the catalogue id of the card it was measured on.
	Card string
	// Impl is the kernel implementation (e.g. "deepgemm", "flashmla", "deepep-low-latency").
	Impl string
	// Op is the op class and DType the number format it computes or moves (the KV format
	// for attention).
	Op    Op
	DType precision.Format
	// Fabric is the link an all-to-all table's traffic crossed, "rdma" or "nvlink" (required
	// for dispatch and combine, empty for compute kernels). It decides which cards may
	// borrow the table.
	Fabric string
	// Source says where the numbers come from (repository, file, commit, licence).
	Source string
	// Params are the op class's fixed parameters (for all-to-all: hidden, the elements per
	// token, and topk, the experts each token is sent to).
	Params map[string]float64
}

// Table is one measured kernel table: card × implementation × op class × dtype → latency on
// a shape grid. Build one with NewTable or Read; lookups use the grid built then, so treat
// its fields as read-only (make a new table with NewTable to change them).
type Table struct {
	Info
	// Points are the measurements, sorted by shape.
	Points []Point

	root node
	// below, above are the axes' exponents outside the grid (see axis).
	below, above [maxAxes]float64
	naxes        int
	// minLogSeconds is the log of the fastest measurement, the floor of every lookup.
	minLogSeconds float64
	// a2aBytesPerToken is hidden × topk × bytes per element for an all-to-all table.
	a2aBytesPerToken float64
}

// node is one level of the nested grid: sorted log axis values, and for each either the
// next level (kids) or, at the last axis, the log latency (logSeconds).
type node struct {
	logX       []float64
	kids       []node
	logSeconds []float64
	seconds    []float64
}

// NewTable checks a table's description and points and builds its lookup grid. Points may
// come in any order; each shape must appear once, every coordinate and latency must be
// positive and finite.
func NewTable(info Info, points []Point) (*Table, error) {
	id, op := info.ID, info.Op
	spec, ok := specOf(op)
	if !ok {
		return nil, fmt.Errorf("kernel table %s: unknown op class %q", id, op)
	}
	if !validName(id) || !validName(info.Card) {
		return nil, fmt.Errorf("kernel table: id %q and card %q must be non-empty names of letters, digits and . _ - + /", clip(id), clip(info.Card))
	}
	if !info.DType.Valid() {
		return nil, fmt.Errorf("kernel table %s: unknown dtype %q", id, info.DType)
	}
	info.Impl, info.Source = oneLine(info.Impl), oneLine(info.Source)
	if info.Source == "" {
		return nil, fmt.Errorf("kernel table %s: no source (say where the numbers come from)", id)
	}
	a2a := op == OpDispatch || op == OpCombine
	switch {
	case a2a && info.Fabric != "rdma" && info.Fabric != "nvlink":
		return nil, fmt.Errorf("kernel table %s: fabric %q: a %s table must say rdma or nvlink", id, clip(info.Fabric), op)
	case !a2a && info.Fabric != "":
		return nil, fmt.Errorf("kernel table %s: fabric %q: only dispatch and combine tables cross a fabric", id, clip(info.Fabric))
	}
	params := info.Params
	for _, p := range spec.params {
		v, ok := params[p]
		if !ok || !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("kernel table %s: %s tables need a positive parameter %q", id, op, p)
		}
	}
	for k := range params {
		if !slices.Contains(spec.params, k) {
			return nil, fmt.Errorf("kernel table %s: unknown parameter %q for %s (want %v)", id, k, op, spec.params)
		}
	}
	if len(points) == 0 {
		return nil, fmt.Errorf("kernel table %s: no measurements", id)
	}
	n := len(spec.axes)
	pts := make([]Point, len(points))
	flat := make([]float64, 0, n*len(points)) // one backing array for every shape
	for i, p := range points {
		if len(p.Shape) != n {
			return nil, fmt.Errorf("kernel table %s: point %d has %d coordinates, want %d (%v)", id, i+1, len(p.Shape), n, Axes(op))
		}
		for j, x := range p.Shape {
			if !(x > 0) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("kernel table %s: point %d: %s must be positive, got %v", id, i+1, spec.axes[j].name, x)
			}
		}
		if !(p.Seconds > 0) || math.IsInf(p.Seconds, 0) {
			return nil, fmt.Errorf("kernel table %s: point %d: latency must be positive, got %v s", id, i+1, p.Seconds)
		}
		flat = append(flat, p.Shape...)
		pts[i] = Point{Shape: flat[len(flat)-n : len(flat) : len(flat)], Seconds: p.Seconds}
	}
	sort.Slice(pts, func(a, b int) bool { return lessShape(pts[a].Shape, pts[b].Shape) })
	for i := 1; i < len(pts); i++ {
		if !lessShape(pts[i-1].Shape, pts[i].Shape) {
			return nil, fmt.Errorf("kernel table %s: shape %v measured twice", id, pts[i].Shape)
		}
	}
	info.Params = nil
	if len(params) > 0 {
		info.Params = make(map[string]float64, len(params))
		for k, v := range params {
			info.Params[k] = v
		}
	}
	t := &Table{Info: info, Points: pts, naxes: n}
	for i, a := range spec.axes {
		t.below[i], t.above[i] = a.below, a.above
	}
	t.minLogSeconds = math.Inf(1)
	for _, p := range pts {
		t.minLogSeconds = min(t.minLogSeconds, math.Log(p.Seconds))
	}
	t.root = build(pts, 0, n)
	if op == OpDispatch || op == OpCombine {
		t.a2aBytesPerToken = params["hidden"] * params["topk"] * a2aBytesPerElement(info.DType)
	}
	return t, nil
}

// validName reports whether s is a non-empty id of letters, digits and . _ - + /.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-+/", r)
		if !ok {
			return false
		}
	}
	return true
}

// oneLine collapses runs of white space (newlines included) to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func lessShape(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// build makes the nested grid of sorted points pts on axes level..n-1, each slice
// allocated at its final size.
func build(pts []Point, level, n int) node {
	groups := 0
	for i := 0; i < len(pts); i++ {
		if i == 0 || pts[i].Shape[level] != pts[i-1].Shape[level] {
			groups++
		}
	}
	nd := node{logX: make([]float64, 0, groups)}
	if level == n-1 {
		nd.logSeconds, nd.seconds = make([]float64, 0, groups), make([]float64, 0, groups)
	} else {
		nd.kids = make([]node, 0, groups)
	}
	for i := 0; i < len(pts); {
		j := i
		for j < len(pts) && pts[j].Shape[level] == pts[i].Shape[level] {
			j++
		}
		nd.logX = append(nd.logX, math.Log(pts[i].Shape[level]))
		if level == n-1 {
			nd.logSeconds = append(nd.logSeconds, math.Log(pts[i].Seconds))
			nd.seconds = append(nd.seconds, pts[i].Seconds)
		} else {
			nd.kids = append(nd.kids, build(pts[i:j], level+1, n))
		}
		i = j
	}
	return nd
}

// lookup returns the interpolated latency in seconds at shape q (natural logs of the
// coordinates in q) and whether any coordinate lay outside its measured range. At a
// measured shape (or one clamped to it) it returns the measured value exactly.
func (t *Table) lookup(q *[maxAxes]float64) (seconds float64, outside bool) {
	ls, exact, out := t.root.eval(q, 0, t)
	if exact > 0 {
		return exact, out
	}
	return math.Exp(max(ls, t.minLogSeconds)), out
}

// eval interpolates this node at q[level:] in log-log: the log latency, the measured
// latency when q is a measured shape or clamped to one (else 0), and whether q lay outside
// the grid.
func (nd *node) eval(q *[maxAxes]float64, level int, t *Table) (float64, float64, bool) {
	x := q[level]
	xs := nd.logX
	last := len(xs) - 1
	switch {
	case x == xs[0] || x == xs[last]:
		i := 0
		if x == xs[last] {
			i = last
		}
		return nd.at(i, q, level, t)
	case x < xs[0]: // scaled (or clamped) from the smallest measured value
		v, exact, _ := nd.at(0, q, level, t)
		if t.below[level] == 0 || math.IsInf(x, -1) {
			return v, exact, true
		}
		return v + t.below[level]*(x-xs[0]), 0, true
	case x > xs[last]: // scaled (or clamped) from the largest measured value
		v, exact, _ := nd.at(last, q, level, t)
		if t.above[level] == 0 {
			return v, exact, true
		}
		return v + t.above[level]*(x-xs[last]), 0, true
	}
	// the first i with xs[i] >= x: xs[i-1] < x <= xs[i] (a plain binary search: no closure)
	lo, hi := 1, last
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if xs[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	i := lo
	if xs[i] == x {
		return nd.at(i, q, level, t)
	}
	v0, _, o0 := nd.at(i-1, q, level, t)
	v1, _, o1 := nd.at(i, q, level, t)
	w := (x - xs[i-1]) / (xs[i] - xs[i-1])
	return v0 + w*(v1-v0), 0, o0 || o1
}

func (nd *node) at(i int, q *[maxAxes]float64, level int, t *Table) (float64, float64, bool) {
	if nd.kids == nil {
		return nd.logSeconds[i], nd.seconds[i], false
	}
	return nd.kids[i].eval(q, level+1, t)
}

// a2aBytesPerElement is the bytes one hidden element takes on the wire in an all-to-all:
// the format's size, plus for FP8 DeepEP's one FP32 scale per 128 elements.
func a2aBytesPerElement(f precision.Format) float64 {
	if f == precision.FP8 {
		return 1 + 4.0/128
	}
	return f.Bytes()
}
