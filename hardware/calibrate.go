package hardware

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/decost/decost/precision"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// FitRow is one measurement next to the times decost gives it.
type FitRow struct {
	Measurement
	// IdealSeconds is the ideal roofline time on the card's datasheet rates, in seconds.
	IdealSeconds float64 `json:"ideal_seconds"`
	// CalibratedSeconds is the time under the fitted profile, in seconds.
	CalibratedSeconds float64 `json:"calibrated_seconds"`
	// RelativeError is (calibrated − measured) / measured.
	RelativeError float64 `json:"relative_error"`
	// Fitted says the row took part in the least-squares fit; Note says why not.
	Fitted bool   `json:"fitted"`
	Note   string `json:"note,omitempty"`
}

// Calibration is a profile fitted to measurements of one card, and how well it fits.
type Calibration struct {
	// Hardware is the id of the card measured.
	Hardware string `json:"hardware"`
	// Profile is the fitted profile (its Fit holds the Fitted summary).
	Profile Profile `json:"profile"`
	// Rows are the measurements in the order given, each with its ideal and calibrated time.
	Rows []FitRow `json:"rows"`
	// Fitted summarises |relative error| over the rows of the fit; All over every row.
	Fitted FitSummary `json:"fitted"`
	All    FitSummary `json:"all"`
}

// Row selection (decisions, see docs/design.md §calibration and testdata/h200/README.md):
//   - "copy" rows are left out: the copy ran as a CUDA-graph memcpy node, slower than a
//     launched copy; the "read" row is the bandwidth ceiling.
//   - FP8 rows that are memory-bound on the ideal roofline (small T) are left out: the stock
//     FP8 path is weak there (the README calls them a lower bound of what tuned kernels
//     reach), and fitting them would charge that weakness to every FP8 kernel through the
//     shared bandwidth fraction and overhead. They are still listed with their error.
const (
	noteCopy     = "left out: graph memcpy node, read is the bandwidth ceiling"
	noteFP8Small = "left out: stock FP8 path at small T (memory-bound), weaker than tuned kernels"
)

// fitted reports whether measurement m takes part in the fit on card hw, and why not.
func fitted(hw Accelerator, m Measurement) (bool, string) {
	if m.Kind == "copy" {
		return false, noteCopy
	}
	if g, _ := hw.Compute(m.Format); g == precision.FP8 && m.FLOPs > 0 && hw.IdealBound(m.FLOPs, m.Bytes, g) == MemoryBound {
		return false, noteFP8Small
	}
	return true, ""
}

// Calibrate fits a profile for card hw to measurements taken on it: the compute fractions
// (per format the card computes the rows in: BF16, FP8), the bandwidth fraction and the
// per-kernel overhead of Profile, by least squares on the relative error
// Σ ((calibrated − measured) / measured)² over the rows the fit uses.
//
// The calibrated time of a row is linear in 1/fraction and the overhead once it is known
// which roof binds the row, so the fit alternates: assign each row to its binding roof (at
// first the ideal one), solve the linear least-squares problem with gonum's mat (QR), and
// repeat until no row changes roof. A fraction the data would put above 1 is held at 1; a
// format with no compute-bound rows gets the fitted fraction of the other one. name names
// the profile.
func Calibrate(hw Accelerator, ms []Measurement, name string) (Calibration, error) {
	if err := hw.Validate(); err != nil {
		return Calibration{}, err
	}
	if len(ms) == 0 {
		return Calibration{}, errors.New("calibrate: no measurements")
	}
	rows := make([]FitRow, len(ms))
	var use []int
	for i, m := range ms {
		ok, note := fitted(hw, m)
		g, _ := hw.Compute(m.Format)
		rows[i] = FitRow{Measurement: m, IdealSeconds: hw.IdealSeconds(m.FLOPs, m.Bytes, g), Fitted: ok, Note: note}
		if ok {
			use = append(use, i)
		}
	}
	if len(use) < 4 {
		return Calibration{}, fmt.Errorf("calibrate: %d usable measurements, want at least 4 (one per fitted parameter)", len(use))
	}
	p := Ideal()
	p.Name, p.KernelOverheadSeconds = name, 0
	var err error
	for iter := 0; ; iter++ {
		var changed bool
		if p, changed, err = fitOnce(hw, rows, use, p); err != nil {
			return Calibration{}, err
		}
		if !changed && iter > 0 {
			break
		}
		if iter == 50 {
			return Calibration{}, errors.New("calibrate: least squares did not settle which roof binds each row after 50 rounds")
		}
	}
	p.Source = fmt.Sprintf("least-squares fit by decost calibrate to %d of %d measurements on %s", len(use), len(ms), hw.ID)
	c := Calibration{Hardware: hw.ID, Profile: p, Rows: rows}
	var fit, all []float64
	for i := range rows {
		m := rows[i].Measurement
		rows[i].CalibratedSeconds = hw.CalibratedSeconds(p, m.FLOPs, m.Bytes, m.Format)
		rows[i].RelativeError = (rows[i].CalibratedSeconds - m.Seconds) / m.Seconds
		e := math.Abs(rows[i].RelativeError)
		all = append(all, e)
		if rows[i].Fitted {
			fit = append(fit, e)
		}
	}
	c.Fitted = summarise(hw.ID, fit)
	c.All = summarise(hw.ID, all)
	c.Profile.Fit = &FitSummary{Hardware: hw.ID, Rows: c.Fitted.Rows,
		MedianRelativeError: c.Fitted.MedianRelativeError, WorstRelativeError: c.Fitted.WorstRelativeError}
	return c, nil
}

// Parameters of the linear problem: 1/fraction for BF16 and FP8 compute and for bandwidth,
// and the overhead in seconds.
const (
	parBF16 = iota
	parFP8
	parBandwidth
	parOverhead
	parameters
)

// fitOnce assigns each used row to the roof that binds it under p, solves the weighted linear
// least-squares problem for that assignment, and returns the new profile and whether any
// row's roof differs from the one p gives it under the new profile.
func fitOnce(hw Accelerator, rows []FitRow, use []int, p Profile) (Profile, bool, error) {
	n := len(use)
	a := mat.NewDense(n, parameters, nil)
	b := mat.NewVecDense(n, nil)
	bound := make([]Bound, n)
	for j, i := range use {
		m := rows[i].Measurement
		g, peak := hw.Compute(m.Format)
		t := m.Seconds
		bound[j] = hw.CalibratedBound(p, m.FLOPs, m.Bytes, g)
		if bound[j] == ComputeBound {
			col := parBF16
			if fractionFormat(g) == precision.FP8 {
				col = parFP8
			}
			a.Set(j, col, m.FLOPs/peak/t)
		} else {
			a.Set(j, parBandwidth, m.Bytes/hw.MemoryBytesPerSecond/t)
		}
		a.Set(j, parOverhead, 1/t)
		b.SetVec(j, 1)
	}
	// Keep only the parameters some row depends on.
	var cols []int
	for c := 0; c < parameters; c++ {
		if mat.Norm(a.ColView(c), 2) > 0 {
			cols = append(cols, c)
		}
	}
	if len(cols) < parameters && !slices.Contains(cols, parBandwidth) {
		return p, false, errors.New("calibrate: no memory-bound rows to fit the bandwidth fraction")
	}
	if !slices.Contains(cols, parBF16) && !slices.Contains(cols, parFP8) {
		return p, false, errors.New("calibrate: no compute-bound rows to fit a compute fraction")
	}
	sub := mat.NewDense(n, len(cols), nil)
	for k, c := range cols {
		sub.Slice(0, n, k, k+1).(*mat.Dense).Copy(a.Slice(0, n, c, c+1))
	}
	var x mat.VecDense
	if err := x.SolveVec(sub, b); err != nil {
		return p, false, fmt.Errorf("calibrate: least squares: %w", err)
	}
	v := map[int]float64{}
	for k, c := range cols {
		v[c] = x.AtVec(k)
	}
	frac := func(inv float64) float64 { return math.Min(1, 1/math.Max(inv, 1)) }
	q := p
	if _, ok := v[parBF16]; !ok {
		v[parBF16] = v[parFP8]
	}
	if _, ok := v[parFP8]; !ok {
		v[parFP8] = v[parBF16]
	}
	q.ComputeFraction = ComputeFractions{BF16: frac(v[parBF16]), FP8: frac(v[parFP8])}
	q.BandwidthFraction = frac(v[parBandwidth])
	q.KernelOverheadSeconds = math.Max(0, v[parOverhead])
	changed := false
	for j, i := range use {
		m := rows[i].Measurement
		changed = changed || hw.CalibratedBound(q, m.FLOPs, m.Bytes, m.Format) != bound[j]
	}
	return q, changed, nil
}

// fractionFormat is the ComputeFractions field a computing format uses.
func fractionFormat(g precision.Format) precision.Format {
	switch g {
	case precision.FP8, precision.FP4:
		return precision.FP8
	}
	return precision.BF16
}

func summarise(hw string, errs []float64) FitSummary {
	s := FitSummary{Hardware: hw, Rows: len(errs)}
	if len(errs) == 0 {
		return s
	}
	sorted := append([]float64(nil), errs...)
	sort.Float64s(sorted)
	s.MedianRelativeError = stat.Quantile(0.5, stat.Empirical, sorted, nil)
	s.WorstRelativeError = sorted[len(sorted)-1]
	return s
}
