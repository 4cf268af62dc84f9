package scenarios

import (
	"io"
	"runtime"
	"sync/atomic"
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
		return nil, s.errAt(path{"stream"}, "only the cost analysis streams, not %s", s.Analysis)
	}
	p, err := NewPlan(s, opt)
	if err != nil {
		return nil, err
	}
	sw, err := newCostSweep(p)
	if err != nil {
		return nil, err
	}
	sw.csv = w != nil
	sw.pieces = newCSVPieces(p)
	if w == nil && sw.frontier == nil {
		return nil, &Error{File: s.File, Msg: "a streamed sweep without a csv output needs a pareto section (else it produces nothing)"}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	res := &StreamResult{}
	header := make([]byte, 0, 512)
	for i, c := range costColumns {
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
	if sw.frontier != nil {
		front.dirs = sw.frontier.dirs
	}
	total := p.Points()
	err = ordered(sw.groups, sw.groupsPerChunk, workers, sw.newWorker, func(c *chunk) error {
		if err := opt.stopped(); err != nil {
			return err // stops handing out chunks; those in flight finish unemitted
		}
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
