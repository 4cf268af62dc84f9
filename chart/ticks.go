package chart

import (
	"math"

	"gonum.org/v1/plot"
)

// logTicks marks a log axis at powers of ten, and also at 2× and 5× them when the axis
// spans less than three and a half decades, labelled in the axis's unit (2e8, 200 MB); an
// axis of tokens at powers of two (4K, 8K, 1M), as contexts are named.
type logTicks struct{ unit Unit }

// Ticks implements plot.Ticker.
func (l logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return plot.LogTicks{Prec: -1}.Ticks(lo, hi)
	}
	if l.unit == Tokens {
		return binaryTicks(lo, hi)
	}
	dense := math.Log10(hi/lo) < 3.5
	var out []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		p := math.Pow(10, e)
		for m := 1.0; m < 10; m++ {
			v := m * p
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || (dense && (m == 2 || m == 5)) {
				t.Label = l.unit.label(v)
			}
			out = append(out, t)
		}
	}
	return out
}

// maxBinaryLabels is the most labelled ticks binaryTicks writes; past it, every second
// (or fourth, …) power of two is labelled and the others are unlabelled marks.
const maxBinaryLabels = 10

// binaryTicks marks [lo, hi] at every power of two inside it, labelled as tokens (512, 4K,
// 1M), at most maxBinaryLabels of them labelled, the largest always.
func binaryTicks(lo, hi float64) []plot.Tick {
	first, last := int(math.Ceil(math.Log2(lo)-1e-9)), int(math.Floor(math.Log2(hi)+1e-9))
	step := 1
	for (last-first)/step+1 > maxBinaryLabels {
		step *= 2
	}
	var out []plot.Tick
	for e := first; e <= last; e++ {
		t := plot.Tick{Value: math.Ldexp(1, e)}
		if (last-e)%step == 0 {
			t.Label = Tokens.label(t.Value)
		}
		out = append(out, t)
	}
	return out
}

// linearTicks mark a linear axis at 5 to 10 round values (steps of 1, 2, 2.5 or 5 × 10^k),
// labelled in the axis's unit (7500, not 7500.00).
type linearTicks struct{ unit Unit }

// Ticks implements plot.Ticker.
func (l linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	raw := (hi - lo) / 8
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	step := 10 * p
	for _, m := range []float64{1, 2, 2.5, 5} {
		if m*p >= raw {
			step = m * p
			break
		}
	}
	var out []plot.Tick
	for i := math.Ceil(lo / step); i*step <= hi*(1+1e-12); i++ {
		v := i * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, plot.Tick{Value: v, Label: l.unit.label(v)})
	}
	return out
}
