package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/internal/duration"
	"github.com/decost/decost/precision"
	"github.com/spf13/cobra"
)

// addMTPFlags adds --mtp and --mtp-accept to cmd; the function it returns reads them. An
// acceptance must be given with --mtp > 0: decost assumes none.
func addMTPFlags(cmd *cobra.Command) func() (cost.MTP, error) {
	k := cmd.Flags().Int("mtp", 0, "multi-token prediction: draft tokens K per step (0: none, one token per step as the report counts)")
	p := cmd.Flags().Float64("mtp-accept", 0, "with --mtp: acceptance p of each draft position given the ones before it (chained: 1 + p + … + p^K tokens credited per step); no default — DeepSeek-V3 reports 0.85–0.9 for its one draft token")
	return func() (cost.MTP, error) {
		m := cost.MTP{DraftTokens: *k, AcceptRate: *p}
		if err := m.Validate(); err != nil {
			return m, fmt.Errorf("--mtp %d --mtp-accept %g: %w", *k, *p, err)
		}
		if m.DraftTokens > 0 && !cmd.Flags().Changed("mtp-accept") {
			return m, fmt.Errorf("--mtp %d needs --mtp-accept: the acceptance of each draft position (DeepSeek-V3 reports 0.85–0.9 for its one draft token)", m.DraftTokens)
		}
		if m.DraftTokens == 0 && cmd.Flags().Changed("mtp-accept") {
			return m, fmt.Errorf("--mtp-accept needs --mtp K > 0 draft tokens")
		}
		return m, nil
	}
}

// precisionFlags are --serving-precision and --op-precision, deploy's and roofline's: the
// formats each op class serves in (cost.ServingPrecision).
type precisionFlags struct {
	precision   string
	opPrecision []string
	ops         []string // the op classes --op-precision may name
}

// add adds the two flags to cmd; ops are the op classes --op-precision names in its help.
func (p *precisionFlags) add(cmd *cobra.Command, ops []string) {
	p.ops = ops
	fl := cmd.Flags()
	fl.StringVar(&p.precision, "serving-precision", cost.PrecisionModel, "formats each op serves in: "+strings.Join(cost.ServingPrecisionPresets(), ", ")+
		" (model: the model's own formats — the report's cost profile — with FP8 dispatch, BF16 combine and LM head; deepseek and fp8-gemm: FP8 GEMMs and experts, BF16 KV and attention core, FP8 dispatch, BF16 combine and LM head; bf16: all BF16)")
	fl.StringArrayVar(&p.opPrecision, "op-precision", nil, "override one op class of --serving-precision, OP=FORMAT with OP one of "+strings.Join(ops, ", ")+" (repeatable)")
}

// read returns the preset with the op overrides applied; an op class outside p.ops is
// refused (it prices no op of the command).
func (p *precisionFlags) read() (cost.ServingPrecision, error) {
	out, err := cost.ServingPrecisionPreset(p.precision)
	if err != nil {
		return out, fmt.Errorf("--serving-precision: %w", err)
	}
	for _, o := range p.opPrecision {
		if op, _, _ := strings.Cut(o, "="); !slices.Contains(p.ops, strings.TrimSpace(op)) && slices.Contains(cost.ServingOps(), strings.TrimSpace(op)) {
			return out, fmt.Errorf("--op-precision %s: this command prices no %s op (want one of %s)", o, strings.TrimSpace(op), strings.Join(p.ops, ", "))
		}
	}
	if out, err = out.WithOps(p.opPrecision); err != nil {
		return out, fmt.Errorf("--op-precision %w", err)
	}
	return out, nil
}

// source names where a serving precision came from, for an error.
func (p *precisionFlags) source() string {
	if len(p.opPrecision) == 0 {
		return "--serving-precision " + p.precision
	}
	return "--serving-precision " + p.precision + " --op-precision " + strings.Join(p.opPrecision, " --op-precision ")
}

// servingFlags are deploy's serving options (cost.Serving): multi-token prediction, the
// serving precision, the overlap schedule, expert-load imbalance, redundant experts, a
// per-step overhead and the op breakdown.
type servingFlags struct {
	mtp func() (cost.MTP, error)
	precisionFlags
	schedule     string
	imbalance    string
	redundant    int
	stepOverhead time.Duration
	breakdown    bool
}

func addServingFlags(cmd *cobra.Command) *servingFlags {
	s := &servingFlags{mtp: addMTPFlags(cmd)}
	s.precisionFlags.add(cmd, cost.ServingOps())
	fl := cmd.Flags()
	fl.StringVar(&s.schedule, "schedule", "", "overlap schedule: "+strings.Join(cost.ScheduleNames(), ", ")+
		" (default: EP deepseek-5stage — two micro-batches, dispatch under the other's shared experts and first attention part, combine under its second attention part — or none for --micro-batches 1; AFD afd-pipeline)")
	fl.StringVar(&s.imbalance, "imbalance", string(cost.ImbalanceUniform), "expert load of the busiest GPU: uniform (the expected maximum under uniform random routing), none (every GPU the mean), a max/mean ratio ≥ 1, or a file of tokens per routed expert")
	fl.IntVar(&s.redundant, "redundant-experts", 0, "extra expert replicas spread over the expert-parallel GPUs (each holds ⌈(E + N)/G⌉ experts; a histogram's hottest experts are split over them)")
	fl.Var(duration.NewValue(&s.stepOverhead, duration.Seconds(cost.DefaultStepOverheadSeconds), duration.Range{Max: 10 * time.Second}),
		"step-overhead", "fixed time added to every calibrated decode step (scheduler, sampling, launch), with its unit (200us); reported as its own line")
	fl.BoolVar(&s.breakdown, "breakdown", false, "list every op of every stage with its time, basis (kernel table, profile or ideal) and binding roof, and the schedule's timeline")
	return s
}

// microBatches is m for a mode: --micro-batches when given, else 1 for --schedule none and
// the mode's default otherwise.
func (s *servingFlags) microBatches(mode string, flag int) int {
	switch {
	case flag > 0:
		return flag
	case s.schedule == cost.ScheduleNone:
		return 1
	}
	return cost.DefaultMicroBatches(mode)
}

// serving reads the serving flags. kv and core are --attention-kv and --attention-compute:
// they set the serving precision's KV and attention-core formats, over the preset's, and may
// not be given again in --op-precision.
func (s *servingFlags) serving(kv, core precision.Format) (cost.Serving, error) {
	var out cost.Serving
	var err error
	if out.MTP, err = s.mtp(); err != nil {
		return out, err
	}
	if out.Precision, err = s.precisionFlags.read(); err != nil {
		return out, err
	}
	for _, o := range []struct {
		flag, op string
		f        precision.Format
	}{{"--attention-kv", "kv", kv}, {"--attention-compute", "attention-core", core}} {
		if o.f == "" {
			continue
		}
		if slices.ContainsFunc(s.opPrecision, func(v string) bool { op, _, _ := strings.Cut(v, "="); return strings.TrimSpace(op) == o.op }) {
			return out, fmt.Errorf("%s and --op-precision %s=… both set the %s format: give one", o.flag, o.op, o.op)
		}
		if err := out.Precision.SetOp(o.op, o.f); err != nil {
			return out, fmt.Errorf("%s: %w", o.flag, err)
		}
	}
	if s.schedule != "" && !slices.Contains(cost.ScheduleNames(), s.schedule) {
		return out, fmt.Errorf("--schedule %q: want one of %s", s.schedule, strings.Join(cost.ScheduleNames(), ", "))
	}
	out.Schedule = s.schedule
	if out.Imbalance, err = cost.ReadImbalance(s.imbalance); err != nil {
		return out, fmt.Errorf("--imbalance %w", err)
	}
	out.RedundantExperts, out.StepOverheadSeconds, out.Breakdown = s.redundant, s.stepOverhead.Seconds(), s.breakdown
	if err := out.Validate(); err != nil {
		return out, fmt.Errorf("serving (--redundant-experts, --step-overhead): %w", err)
	}
	return out, nil
}
