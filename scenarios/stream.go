package scenarios

import (
	"io"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
)

// StreamResult sums up a streamed sweep.
type StreamResult struct {
	// Points is the number of points evaluated; Rows the CSV rows written (points plus AFD
	// rows).
	Points, Rows int64
	// Frontier holds the rows on the scenario's Pareto frontier, in sweep order, one value
	// per CostColumns entry (nil where a row has no value); empty without a pareto section.
	Frontier [][]any
}

// pointsPerChunk is about how many points one worker evaluates before handing its rows
// over: large enough to amortise the hand-over, small enough to bound memory.
const pointsPerChunk = 8192

// Stream runs a cost scenario without holding its results: workers evaluate chunks of
// (model, context) groups on every core and their CSV rows are written to w in sweep order
// (models × precisions outermost, then contexts, then cards, each group followed by its AFD
// row), the same rows and columns, in the same order, as an in-memory run's CSV. Memory is
// bounded by a few chunks per worker and the Pareto frontier. With w nil no row is written
// (nor formatted): only the frontier is kept, which a scenario with a pareto section needs.
func Stream(s *Scenario, w io.Writer, opt Options) (*StreamResult, error) {
	if s.Analysis != Cost {
		if s.Analysis == Counts {
			return nil, &Error{File: s.File, Line: s.lineOf(path{"stream"}), Field: "stream", Msg: "only the cost analysis streams"}
		}
		return nil, notAvailable(s)
	}
	p, err := NewPlan(s, opt)
	if err != nil {
		return nil, err
	}
	sw := newCostSweep(p)
	sw.csv = w != nil
	sw.pieces = newCSVPieces(p)
	if w == nil && sw.objectives == nil {
		return nil, &Error{File: s.File, Msg: "a streamed sweep without a csv output needs a pareto section (else it produces nothing)"}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	res := &StreamResult{}
	header := make([]byte, 0, 512)
	for i, c := range CostColumns {
		if i > 0 {
			header = append(header, ',')
		}
		header = append(header, c.Key...)
	}
	header = append(header, '\n')
	if w != nil {
		if _, err := w.Write(header); err != nil {
			return nil, err
		}
	}
	var front frontierMerger
	if sw.objectives != nil {
		front.dirs = sw.dirs
	}
	total := p.Points()
	err = ordered(sw.groups, sw.groupsPerChunk, workers, sw.newWorker, func(c *chunk) error {
		if w != nil {
			if _, err := w.Write(c.buf); err != nil {
				return err
			}
		}
		res.Points += c.points
		res.Rows += c.rows
		front.add(c.cand)
		if opt.Progress != nil {
			opt.Progress(res.Points, total)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range front.final() {
		res.Frontier = append(res.Frontier, c.row.values())
	}
	return res, nil
}

// chunk is one worker's share of a sweep: groups [lo, hi) and what they produced.
type chunk struct {
	lo, hi       int64
	buf          []byte
	cand         []candidate
	points, rows int64
	done         chan struct{}
}

// ordered evaluates groups [0, n) in chunks of size per chunk on workers goroutines and
// hands the chunks to emit in order. At most a few chunks per worker are in flight. After
// emit fails, the remaining chunks are evaluated but not emitted, and its error returned.
func ordered(n, size int64, workers int, newWorker func() func(*chunk), emit func(*chunk) error) error {
	inFlight := 2 * workers
	jobs := make(chan *chunk, inFlight)
	order := make(chan *chunk, inFlight)
	free := make(chan *chunk, inFlight+workers+1)
	var stop atomic.Bool
	go func() {
		defer close(jobs)
		defer close(order)
		for lo := int64(0); lo < n && !stop.Load(); lo += size {
			var c *chunk
			select {
			case c = <-free:
			default:
				c = &chunk{done: make(chan struct{}, 1)}
			}
			c.lo, c.hi = lo, min(lo+size, n)
			c.buf, c.cand, c.points, c.rows = c.buf[:0], c.cand[:0], 0, 0
			order <- c
			jobs <- c
		}
	}()
	for i := 0; i < workers; i++ {
		work := newWorker()
		go func() {
			for c := range jobs {
				work(c)
				c.done <- struct{}{}
			}
		}()
	}
	var err error
	for c := range order {
		<-c.done
		if err == nil {
			if err = emit(c); err != nil {
				stop.Store(true)
			}
		}
		select {
		case free <- c:
		default:
		}
	}
	return err
}

// costSweep is a cost plan prepared for streaming.
type costSweep struct {
	plan           *Plan
	evals          []*cost.Evaluator
	contexts       []int // nil for a range too long to list; then Ints.At
	groups         int64
	groupsPerChunk int64
	afd            bool
	csv            bool // format rows as CSV
	pieces         *csvPieces
	objectives     []int // column indices of the Pareto objectives
	dirs           []cost.Direction
	where          []whereTerm
}

// whereTerm is one equality filter on a column.
type whereTerm struct {
	col   int
	texts []string
	nums  []float64
}

func newCostSweep(p *Plan) *costSweep {
	sw := &costSweep{plan: p, afd: p.AFD()}
	for i := range p.Models {
		sw.evals = append(sw.evals, cost.NewEvaluator(p.Models[i].Model, p.Count))
	}
	if p.Contexts.Len() <= 1<<20 {
		sw.contexts = p.Contexts.Values()
	}
	sw.groups = int64(len(p.Models)) * int64(p.Contexts.Len())
	sw.groupsPerChunk = max(1, pointsPerChunk/int64(max(1, len(p.Cards))))
	if pr := p.Scenario.Pareto; pr != nil {
		for _, k := range pr.Min {
			sw.objectives = append(sw.objectives, columnIndex(k))
			sw.dirs = append(sw.dirs, cost.Minimise)
		}
		for _, k := range pr.Max {
			sw.objectives = append(sw.objectives, columnIndex(k))
			sw.dirs = append(sw.dirs, cost.Maximise)
		}
		keys := make([]string, 0, len(pr.Where))
		for k := range pr.Where {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			t := whereTerm{col: columnIndex(k), texts: pr.Where[k]}
			if !CostColumns[t.col].Text {
				for _, v := range t.texts {
					if x, err := strconv.ParseFloat(v, 64); err == nil {
						t.nums = append(t.nums, x)
					}
				}
			}
			sw.where = append(sw.where, t)
		}
	}
	return sw
}

func columnIndex(key string) int {
	for i, c := range CostColumns {
		if c.Key == key {
			return i
		}
	}
	return -1
}

func (sw *costSweep) context(i int) int {
	if sw.contexts != nil {
		return sw.contexts[i]
	}
	return sw.plan.Contexts.At(i)
}

// newWorker returns the evaluation of one chunk, with its own scratch space.
func (sw *costSweep) newWorker() func(*chunk) {
	p := sw.plan
	cells := make([]cost.Theoretical, len(p.Cards))
	nc := int64(p.Contexts.Len())
	var rows []keptRow // rows of the chunk that may be on the frontier
	var flat []float64
	var pts [][]float64
	var afd cost.AFD
	var group []byte // the group's context and counts columns, formatted once
	return func(c *chunk) {
		rows = rows[:0]
		for g := c.lo; g < c.hi; g++ {
			m, ctx := int(g/nc), sw.context(int(g%nc))
			v := &p.Models[m]
			e := sw.evals[m]
			for j := range p.Cards {
				cells[j] = e.Theoretical(&p.Cards[j], ctx)
				r := costRow{variant: v, card: &p.Cards[j], cell: &cells[j]}
				if sw.csv {
					if j == 0 {
						group = appendGroup(group[:0], &cells[0])
					}
					c.buf = sw.pieces.appendCell(c.buf, m, j, group, &cells[j])
				}
				if sw.objectives != nil && sw.keep(&r) {
					rows = append(rows, keptRow{variant: v, card: &p.Cards[j], cell: cells[j]})
				}
			}
			c.points += int64(len(p.Cards))
			c.rows += int64(len(p.Cards))
			if sw.afd {
				afd, _ = cost.BestAFD(cells)
				r := costRow{variant: v, afd: &afd}
				if sw.csv {
					c.buf = sw.pieces.appendAFD(c.buf, m, group, &afd)
				}
				c.rows++
				if sw.objectives != nil && sw.keep(&r) {
					rows = append(rows, keptRow{variant: v, afd: afd, isAFD: true})
				}
			}
		}
		if sw.objectives == nil || len(rows) == 0 {
			return
		}
		k := len(sw.objectives)
		if cap(flat) < k*len(rows) {
			flat = make([]float64, k*len(rows))
		}
		pts = pts[:0]
		for i := range rows {
			pt := flat[i*k : (i+1)*k]
			r := rows[i].row()
			for o, col := range sw.objectives {
				pt[o] = r.num(col)
			}
			pts = append(pts, pt)
		}
		front, _ := cost.Frontier(pts, sw.dirs)
		for _, i := range front {
			c.cand = append(c.cand, candidate{obj: append([]float64(nil), pts[i]...), row: rows[i].row().own()})
		}
	}
}

func (sw *costSweep) keep(r *costRow) bool {
	for i := range sw.where {
		if !sw.where[i].match(r) {
			return false
		}
	}
	return true
}

func (t *whereTerm) match(r *costRow) bool {
	if CostColumns[t.col].Text {
		v := r.text(t.col)
		for _, want := range t.texts {
			if v == want {
				return true
			}
		}
		return false
	}
	v := r.num(t.col)
	for _, want := range t.nums {
		if v == want {
			return true
		}
	}
	return false
}

// candidate is a row that was on its chunk's frontier.
type candidate struct {
	obj []float64
	row costRow
}

// frontierMerger keeps the frontier of the candidates seen so far, in sweep order.
type frontierMerger struct {
	dirs  []cost.Direction
	cands []candidate
	kept  int
}

func (f *frontierMerger) add(c []candidate) {
	if f.dirs == nil || len(c) == 0 {
		return
	}
	f.cands = append(f.cands, c...)
	if len(f.cands) > 2*f.kept+4096 {
		f.reduce()
	}
}

func (f *frontierMerger) reduce() {
	pts := make([][]float64, len(f.cands))
	for i := range f.cands {
		pts[i] = f.cands[i].obj
	}
	idx, _ := cost.Frontier(pts, f.dirs)
	out := make([]candidate, len(idx))
	for i, j := range idx { // idx is increasing: sweep order is kept
		out[i] = f.cands[j]
	}
	f.cands, f.kept = out, len(out)
}

func (f *frontierMerger) final() []candidate {
	if f.dirs == nil {
		return nil
	}
	f.reduce()
	return f.cands
}

// costRow is one row of the cost table: a card's cell, or (card nil) an AFD row.
type costRow struct {
	variant *ModelVariant
	card    *hardware.Accelerator
	cell    *cost.Theoretical
	afd     *cost.AFD
}

// own returns the row with copies of what it points to in a worker's scratch space.
func (r costRow) own() costRow {
	if r.cell != nil {
		t := *r.cell
		r.cell = &t
	}
	if r.afd != nil {
		a := *r.afd
		r.afd = &a
	}
	return r
}

// values lists the row's values in CostColumns order; nil where the row has none.
func (r *costRow) values() []any {
	out := make([]any, len(CostColumns))
	for i, c := range CostColumns {
		if c.Text {
			if s := r.text(i); s != "" {
				out[i] = s
			}
			continue
		}
		if i == 1 { // context
			out[i] = r.context()
			continue
		}
		if r.has(i) {
			out[i] = r.num(i)
		}
	}
	return out
}

func (r *costRow) context() int {
	if r.cell != nil {
		return r.cell.Context
	}
	return r.afd.Context
}

// has reports whether the row has a value in numeric column i (AFD rows lack the split of
// the attention cost, the training cost and a price).
func (r *costRow) has(i int) bool {
	if r.cell != nil {
		return true
	}
	switch CostColumns[i].Key {
	case "attention_core_usd_per_mtok", "kv_usd_per_mtok", "linear_usd_per_mtok", "training_usd_per_mtok", "price_usd_per_hour":
		return false
	}
	return true
}

// num is numeric column i's value (0 where the row has none).
func (r *costRow) num(i int) float64 {
	t, a := r.cell, r.afd
	var counts = func() (kv, at, lin, ffn float64) {
		if t != nil {
			return t.KVBytes, t.AttentionFLOPs, t.LinearFLOPs, t.FFNFLOPs
		}
		return a.KVBytes, a.AttentionFLOPs, a.LinearFLOPs, a.FFNFLOPs
	}
	switch i {
	case 1:
		return float64(r.context())
	case 3, 4, 5, 6:
		kv, at, lin, ffn := counts()
		return [...]float64{kv, at, lin, ffn}[i-3]
	case 7, 8, 9:
		if t != nil {
			return [...]float64{t.AttentionUSDPerMTok, t.FFNUSDPerMTok, t.TotalUSDPerMTok}[i-7]
		}
		return [...]float64{a.AttentionUSDPerMTok, a.FFNUSDPerMTok, a.TotalUSDPerMTok}[i-7]
	case 14, 15, 16, 17:
		if t != nil {
			return [...]float64{t.AttentionCoreUSDPerMTok, t.KVUSDPerMTok, t.LinearUSDPerMTok, t.TrainingUSDPerMTok}[i-14]
		}
	case 19:
		if r.card != nil {
			return r.card.PriceUSDPerHour
		}
	case 20:
		return r.variant.ActivatedParams
	case 21:
		return r.variant.TotalParams
	}
	return 0
}

// text is text column i's value.
func (r *costRow) text(i int) string {
	t, a := r.cell, r.afd
	switch i {
	case 0:
		return r.variant.Model.ID
	case 2:
		if t != nil {
			return t.Hardware
		}
		return "afd"
	case 10:
		if t != nil {
			return string(t.AttentionBound)
		}
		return string(a.AttentionBound)
	case 11, 12:
		if t != nil {
			return t.Hardware
		}
		if i == 11 {
			return a.AttentionHardware
		}
		return a.FFNHardware
	case 13:
		if t != nil {
			return string(t.ComputePrecision)
		}
	case 18:
		return r.variant.Precision
	}
	return ""
}

// appendCSV appends the row as a CSV record, numbers unrounded (shortest form that reads
// back exactly), as render's CSV writes them.
func (r *costRow) appendCSV(b []byte) []byte {
	for i, c := range CostColumns {
		if i > 0 {
			b = append(b, ',')
		}
		switch {
		case c.Text:
			b = appendCSVField(b, r.text(i))
		case i == 1:
			b = strconv.AppendInt(b, int64(r.context()), 10)
		case r.has(i):
			b = strconv.AppendFloat(b, r.num(i), 'g', -1, 64)
		}
	}
	return append(b, '\n')
}

// appendCSVField quotes a field as encoding/csv does.
func appendCSVField(b []byte, s string) []byte {
	if s == "" || (!strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[0] != '\t' && s != `\.`) {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// keptRow is a costRow held by value in a worker's scratch space.
type keptRow struct {
	variant *ModelVariant
	card    *hardware.Accelerator
	cell    cost.Theoretical
	afd     cost.AFD
	isAFD   bool
}

func (k *keptRow) row() costRow {
	if k.isAFD {
		return costRow{variant: k.variant, afd: &k.afd}
	}
	return costRow{variant: k.variant, card: k.card, cell: &k.cell}
}
