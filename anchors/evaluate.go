package anchors

import (
	"fmt"
	"math"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// Result is one anchor run through the deployment model.
type Result struct {
	Anchor Anchor `json:"anchor"`
	// Deploy is the evaluated plan, as 'decost deploy' prints it.
	Deploy cost.DeployResult `json:"deploy"`
	// IdealTGS and CalibratedTGS are decost's tokens per GPU per second: ideal (100% of
	// peak, no latency: an upper bound) and calibrated.
	IdealTGS      float64 `json:"ideal_tgs"`
	CalibratedTGS float64 `json:"calibrated_tgs"`
	// Error is (CalibratedTGS − measured) / measured: positive when decost is optimistic.
	Error float64 `json:"error"`
	// WithinBand says |Error| ≤ the anchor's error band.
	WithinBand bool `json:"within_band"`
	// IdealAboveMeasured says the ideal TGS bounds the measurement from above, as it must.
	IdealAboveMeasured bool `json:"ideal_above_measured"`
}

// Evaluate runs a through the deployment model with the built-in catalogue, its card's
// built-in kernel tables and default calibration profile, and cost.DefaultAssumptions (uniform
// routing imbalance, no step overhead): nothing is adjusted per anchor.
func Evaluate(a Anchor) (Result, error) {
	if err := a.Validate(); err != nil {
		return Result{}, fmt.Errorf("anchor %s: %w", a.ID, err)
	}
	m, err := model.Builtin(a.Model)
	if err != nil {
		return Result{}, fmt.Errorf("anchor %s: model: %w", a.ID, err)
	}
	hw, err := hardware.Builtin().Get(a.Hardware)
	if err != nil {
		return Result{}, fmt.Errorf("anchor %s: hardware: %w", a.ID, err)
	}
	prec, err := a.Precision.Serving()
	if err != nil {
		return Result{}, fmt.Errorf("anchor %s: %w", a.ID, err)
	}
	micro, err := microBatches(a.Schedule)
	if err != nil {
		return Result{}, fmt.Errorf("anchor %s: %w", a.ID, err)
	}
	plan := cost.EPPlan{
		Context: a.Context, Hardware: hw, GPUs: a.Layout.GPUs, BatchPerGPU: a.BatchPerGPU, MicroBatches: micro,
		Assumptions: cost.DefaultAssumptions(),
		Serving:     cost.Serving{MTP: cost.MTP{DraftTokens: a.MTP, AcceptRate: a.MTPAccept}, Precision: prec, Schedule: a.Schedule},
	}
	d, err := cost.EvaluateEP(m, plan)
	if err != nil {
		return Result{}, fmt.Errorf("anchor %s: %w", a.ID, err)
	}
	r := Result{Anchor: a, Deploy: d, IdealTGS: d.TGS.Ideal, CalibratedTGS: d.TGS.Calibrated}
	r.Error = (r.CalibratedTGS - a.MeasuredTGS) / a.MeasuredTGS
	r.WithinBand = math.Abs(r.Error) <= a.ErrorBand
	r.IdealAboveMeasured = r.IdealTGS >= a.MeasuredTGS
	return r, nil
}

// microBatches is the micro-batch count of an EP overlap schedule: none 1, deepseek-5stage 2.
func microBatches(schedule string) (int, error) {
	switch schedule {
	case cost.ScheduleNone:
		return 1, nil
	case cost.ScheduleDeepSeek5Stage:
		return 2, nil
	}
	return 0, fmt.Errorf("schedule %q: want %s or %s for an EP anchor", schedule, cost.ScheduleNone, cost.ScheduleDeepSeek5Stage)
}

// EvaluateAll evaluates every anchor, in order.
func EvaluateAll(as []Anchor) ([]Result, error) {
	out := make([]Result, 0, len(as))
	for _, a := range as {
		r, err := Evaluate(a)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}
