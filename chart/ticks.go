package chart

import (
	"math"

	"gonum.org/v1/plot"
)

// logTicks marks a log axis at powers of ten, and also at 2× and 5× them when the axis
// spans less than three and a half decades, labelled in the axis's unit (2e8, 200 MB, 8K).
type logTicks struct{ unit Unit }

// Ticks implements plot.Ticker.
func (l logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) {
		return plot.LogTicks{Prec: -1}.Ticks(lo, hi)
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
