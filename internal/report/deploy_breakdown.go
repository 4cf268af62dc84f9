package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
	"github.com/decost/decost/render"
)

// stepLine says what one decode step is made of, each part ideal/calibrated in ms (the step
// overhead is calibrated only, on its own), and how TPOT and throughput follow from it and the
// credited tokens.
func stepLine(r cost.DeployResult) string {
	pair := func(s cost.StageSeconds) string {
		return render.Sig(4)(ms(s.Ideal)) + "/" + render.Sig(4)(ms(s.Calibrated))
	}
	mtp := "no MTP: 1 token per sequence and step"
	if r.MTP.DraftTokens > 0 {
		mtp = fmt.Sprintf("MTP %d draft token(s) per step accepted with p = %g: %s tokens credited per sequence and step (1 + p + … + p^K)",
			r.MTP.DraftTokens, r.MTP.AcceptRate, render.Sig(4)(r.CreditedTokensPerStep))
	}
	return fmt.Sprintf("One decode step, ms ideal/calibrated: layers %s + MTP draft passes %s + per-step ops %s + step overhead %s (calibrated only) = %s; "+
		"%s; TPOT = step / credited tokens: ideal %s ms, calibrated %s ms; throughput: ideal %s, calibrated %s tokens/s.",
		pair(r.LayersTime), pair(r.MTPTime), pair(r.StepOpsTime), render.Sig(4)(ms(r.StepOverheadSeconds)), pair(r.StepTime), mtp,
		render.Sig(4)(ms(r.TPOT.Ideal)), render.Sig(4)(ms(r.TPOT.Calibrated)), render.Sig(4)(r.Throughput.Ideal), render.Sig(4)(r.Throughput.Calibrated))
}

// servingLine names the serving options of a plan: its precision per op class (where the
// model's own formats serve, which they are), MTP, imbalance, redundant experts and step
// overhead.
func servingLine(m *model.Model, r cost.DeployResult) string {
	p := r.Precision
	own := func(of func(model.LayerPrecision) precision.Format) string {
		var fs []string
		for _, l := range m.Layers {
			if f := string(of(l.Precision)); !slices.Contains(fs, f) {
				fs = append(fs, f)
			}
		}
		return strings.Join(fs, "/") + " (model's)"
	}
	f := func(v precision.Format, of func(model.LayerPrecision) precision.Format) string {
		if v == "" {
			return own(of)
		}
		return string(v)
	}
	cache := func(l model.LayerPrecision) precision.Format { return l.Cache }
	compute := func(l model.LayerPrecision) precision.Format { return l.Compute }
	weights := func(l model.LayerPrecision) precision.Format { return l.Weights }
	mtp := "none"
	if r.MTP.DraftTokens > 0 {
		mtp = fmt.Sprintf("%d draft token(s), acceptance %g", r.MTP.DraftTokens, r.MTP.AcceptRate)
	}
	return fmt.Sprintf("Serving: precision %s (KV %s, attention core %s, GEMMs %s, experts %s, dispatch %s, combine %s, LM head %s); MTP %s; "+
		"expert imbalance %s (busiest GPU %s × the mean), %d redundant experts; step overhead %s ms.",
		p.Name, f(p.KV, cache), f(p.AttentionCore, compute), f(p.GEMM, weights), f(p.Experts, weights), p.Dispatch, p.Combine, p.LMHead, mtp,
		r.Imbalance, render.Sig(3)(r.ImbalanceFactor), r.RedundantExperts, render.Sig(3)(ms(r.StepOverheadSeconds)))
}

// BreakdownTable lists every op of the chosen plan's decode step (cost.DeployResult.Breakdown):
// per layer kind and schedule phase, then the per-step ops, each with its time per run, its
// time per step (× the runs a step makes), the basis its calibrated time was priced from and
// the roof that binds it.
func (o Deploy) BreakdownTable() *render.Table {
	sig := render.Sig(4)
	t := &render.Table{Columns: []render.Column{
		{Key: "stage", Header: "stage"},
		{Key: "phase", Header: "phase", Wide: true},
		{Key: "op", Header: "op"},
		{Key: "count", Header: "runs/step"},
		{Key: "tokens", Header: "tokens/run", Show: sig, Wide: true},
		{Key: "flops", Header: "FLOP/run", Detail: true},
		{Key: "bytes", Header: "B/run", Detail: true},
		{Key: "us_ideal", Header: "µs/run ideal", Show: sig, Wide: true},
		{Key: "us_calibrated", Header: "µs/run calibrated", Show: sig},
		{Key: "ms_per_step_calibrated", Header: "ms/step calibrated", Show: sig},
		{Key: "basis", Header: "basis"},
		{Key: "bound", Header: "bound"},
	}}
	r := o.Search.Best
	for _, op := range r.Breakdown {
		t.Add(op.Stage, op.Phase, op.Op, op.Count, op.Tokens, op.FLOPs, op.Bytes, us(op.IdealSeconds), us(op.CalibratedSeconds),
			ms(op.CalibratedSeconds)*float64(op.Count), op.Basis, string(op.Bound))
	}
	t.Caption = strings.Join([]string{
		fmt.Sprintf("Every op of one decode step of %s: stage = layer kind (mtp: the MTP draft layers; step: once per step), phase = the schedule's (%s); "+
			"runs/step = layers × passes × micro-batches; tokens per run (routed experts: token–expert pairs on the busiest GPU).", r.Family(), r.Schedule),
		"basis: what the calibrated time was priced from — table:<id> (a measured kernel table), profile:<name> (the fitted roofline profile) or ideal; " +
			"bound: the roof that binds (compute, memory, kernel-minimum, nic, nvlink). Ops overlap under the schedule, so ms/step does not add up to the step.",
	}, "\n")
	return t
}

// TimelineTable is the steady-state period of each layer kind with a timeline, stage by
// stage: when each stage starts and ends from the start of the period, on which resources.
func (o Deploy) TimelineTable() *render.Table {
	sig := render.Sig(4)
	t := &render.Table{Columns: []render.Column{
		{Key: "layer_kind", Header: "layer kind"},
		{Key: "stage", Header: "stage"},
		{Key: "micro_batch", Header: "micro-batch"},
		{Key: "resources", Header: "resources"},
		{Key: "start_us", Header: "start µs", Show: sig},
		{Key: "end_us", Header: "end µs", Show: sig},
		{Key: "duration_us", Header: "duration µs", Show: sig},
	}}
	r := o.Search.Best
	var periods []string
	for _, l := range r.Layers {
		if len(l.Timeline) == 0 || l.Kind != r.DominantKind {
			continue
		}
		stages := slices.Clone(l.Timeline)
		slices.SortStableFunc(stages, func(a, b cost.TimelineStage) int { return cmp.Compare(a.StartSeconds, b.StartSeconds) })
		for _, s := range stages {
			t.Add(l.Kind, s.Name, s.MicroBatch, s.Resources, us(s.StartSeconds), us(s.EndSeconds), us(s.DurationSeconds))
		}
		periods = append(periods, fmt.Sprintf("%s %s µs", l.Kind, sig(us(l.Period.Calibrated))))
	}
	t.Caption = fmt.Sprintf("Schedule %s, calibrated: one steady-state layer period of %d micro-batch(es) of the layer kind that takes most of the step, "+
		"each stage's start and end from the period's start, in start order; a stage holds its resources from start to end (an end past the period runs into the next). Period: %s. "+
		"JSON (--format json) has the timeline of every layer kind.", r.Schedule, r.MicroBatches, strings.Join(periods, ", "))
	return t
}
