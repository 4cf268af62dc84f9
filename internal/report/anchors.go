package report

import (
	"fmt"
	"strings"

	"github.com/decost/decost/anchors"
	"github.com/decost/decost/render"
)

// Anchor is one anchor's JSON record in 'decost anchors --format json': what was deployed,
// where the measurement comes from, and decost's TGS (tokens per GPU per second) beside it.
type Anchor struct {
	anchors.Anchor
	// TPOTMsIdeal and TPOTMsCalibrated are decost's time per output token in ms.
	TPOTMsIdeal      float64 `json:"tpot_ms_ideal"`
	TPOTMsCalibrated float64 `json:"tpot_ms_calibrated"`
	// TGSIdeal and TGSCalibrated are decost's tokens per GPU per second.
	TGSIdeal      float64 `json:"tgs_ideal"`
	TGSCalibrated float64 `json:"tgs_calibrated"`
	// Error is (calibrated − measured) / measured, a fraction: positive when decost is
	// optimistic.
	Error              float64 `json:"error"`
	WithinBand         bool    `json:"within_band"`
	IdealAboveMeasured bool    `json:"ideal_above_measured"`
}

// Anchors converts evaluated anchors to their JSON records.
func Anchors(rs []anchors.Result) []Anchor {
	out := make([]Anchor, 0, len(rs))
	for _, r := range rs {
		out = append(out, Anchor{
			Anchor:      r.Anchor,
			TPOTMsIdeal: r.Deploy.TPOT.Ideal * 1e3, TPOTMsCalibrated: r.Deploy.TPOT.Calibrated * 1e3,
			TGSIdeal: r.IdealTGS, TGSCalibrated: r.CalibratedTGS,
			Error: r.Error, WithinBand: r.WithinBand, IdealAboveMeasured: r.IdealAboveMeasured,
		})
	}
	return out
}

// AnchorsTable is the scorecard: per anchor, the measured TGS, decost's ideal and calibrated
// TGS and the calibrated error against the anchor's band; the caption names every source.
func AnchorsTable(rs []anchors.Result) *render.Table {
	sig := render.Sig(4)
	pct := func(v any) string { return fmt.Sprintf("%+.1f%%", 100*v.(float64)) }
	band := func(v any) string { return fmt.Sprintf("±%g%%", 100*v.(float64)) }
	t := &render.Table{Columns: []render.Column{
		{Key: "id", Header: "anchor"},
		{Key: "model", Header: "model", Wide: true},
		{Key: "deployment", Header: "deployment"},
		{Key: "batch_per_gpu", Header: "batch/GPU"},
		{Key: "context", Header: "context"},
		{Key: "precision", Header: "precision", Detail: true},
		{Key: "mtp", Header: "MTP", Detail: true},
		{Key: "schedule", Header: "schedule", Detail: true},
		{Key: "measured_tgs", Header: "measured TGS", Show: sig},
		{Key: "tgs_ideal", Header: "ideal TGS", Show: sig},
		{Key: "tgs_calibrated", Header: "calibrated TGS", Show: sig},
		{Key: "error", Header: "error", Show: pct},
		{Key: "error_band", Header: "band", Show: band},
		{Key: "within_band", Header: "within band", Wide: true},
		{Key: "source_url", Header: "source", Detail: true},
	}}
	lines := []string{
		"TGS: output tokens per GPU per second in steady-state decode. ideal: 100% of peak and bandwidth, no latency " +
			"(an upper bound); calibrated: the card's kernel tables, else its default profile, and the default network and imbalance assumptions, as 'decost deploy' prints.",
		"error = (calibrated − measured) / measured; band: the error decost claims for the anchor. context: the average " +
			"KV length during decode, input + output/2. EPn: n GPUs, each with data-parallel attention and 1/n of the routed experts. " +
			"Nothing is fitted to these numbers.",
	}
	for _, r := range rs {
		a := r.Anchor
		t.Add(a.ID, a.Model, Deployment(a), a.BatchPerGPU, a.Context, a.Precision.String(), a.MTP, a.Schedule,
			a.MeasuredTGS, r.IdealTGS, r.CalibratedTGS, r.Error, a.ErrorBand, r.WithinBand, a.Source.URL)
		others := ""
		for _, e := range a.OtherEstimates {
			others += fmt.Sprintf("; %s estimates %g TGS", e.Tool, e.TGS)
		}
		lines = append(lines, fmt.Sprintf("%s: precision %s, MTP %d, schedule %s. %s, %s: %s%s.",
			a.ID, a.Precision, a.MTP, a.Schedule, a.Source.Engine, a.Source.URL, a.Source.Measured, others))
	}
	t.Caption = strings.Join(lines, "\n")
	return t
}

// Deployment names an anchor's cards and layout, e.g. "4×h20 EP4" (EP: attention data-parallel
// on every GPU, experts over all of them), or "1×h20" for one GPU.
func Deployment(a anchors.Anchor) string {
	l := a.Layout
	if l.GPUs == 1 {
		return "1×" + a.Hardware
	}
	return fmt.Sprintf("%d×%s %s%d", l.GPUs, a.Hardware, strings.ToUpper(l.Mode), l.EP)
}
