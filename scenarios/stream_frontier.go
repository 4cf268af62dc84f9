package scenarios

import (
	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
)

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
