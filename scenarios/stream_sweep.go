package scenarios

import (
	"github.com/decost/decost/cost"
)

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
	frontier       *Frontier // nil without a pareto section
}

func newCostSweep(p *Plan) (*costSweep, error) {
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
		f, err := NewFrontier(costColumns, pr)
		if err != nil {
			return nil, p.Scenario.errAt(path{"pareto"}, "%v", err)
		}
		sw.frontier = f
	}
	return sw, nil
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
	rc := newRowCaches(len(p.Cards))
	var group []byte // the group's context and counts columns, formatted once
	var r costRow    // the row being filtered, here so that it is not allocated per row
	front := sw.frontier
	return func(c *chunk) {
		rows = rows[:0]
		for g := c.lo; g < c.hi; g++ {
			m, ctx := int(g/nc), sw.context(int(g%nc))
			v := &p.Models[m]
			e := sw.evals[m]
			for j := range p.Cards {
				cells[j] = e.Theoretical(&p.Cards[j], ctx)
				r = costRow{variant: v, card: &p.Cards[j], cell: &cells[j]}
				if sw.csv {
					if j == 0 {
						group = appendGroup(group[:0], &cells[0])
					}
					c.buf = sw.pieces.appendCell(c.buf, m, j, group, &cells[j], rc)
				}
				if front != nil && front.where.Match(&r) {
					rows = append(rows, keptRow{variant: v, card: &p.Cards[j], cell: cells[j]})
				}
			}
			c.points += int64(len(p.Cards))
			c.rows += int64(len(p.Cards))
			if sw.afd {
				afd, _ = cost.BestAFD(cells)
				r = costRow{variant: v, afd: &afd}
				if sw.csv {
					c.buf = sw.pieces.appendAFD(c.buf, m, group, &afd, rc)
				}
				c.rows++
				if front != nil && front.where.Match(&r) {
					rows = append(rows, keptRow{variant: v, afd: afd, isAFD: true})
				}
			}
		}
		if front == nil || len(rows) == 0 {
			return
		}
		k := len(front.objectives)
		if cap(flat) < k*len(rows) {
			flat = make([]float64, k*len(rows))
		}
		pts = pts[:0]
		for i := range rows {
			pt := flat[i*k : (i+1)*k]
			kr := rows[i].row()
			front.point(&kr, pt)
			pts = append(pts, pt)
		}
		idx, _ := cost.Frontier(pts, front.dirs)
		for _, i := range idx {
			c.cand = append(c.cand, candidate{obj: append([]float64(nil), pts[i]...), row: rows[i].row().own()})
		}
	}
}
