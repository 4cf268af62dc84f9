package scenarios

import (
	"fmt"
	"math"
	"slices"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// DeployRow is one deployment plan that fits memory (docs/design.md §deploy), evaluated by
// cost.EvaluateAFD or cost.EvaluateEP (through cost.PrepareAFD and cost.PrepareEP, once per group).
type DeployRow struct {
	// Variant is the model variant deployed.
	Variant *ModelVariant
	// MeetsSLA says the calibrated TPOT is within the scenario's TPOT target.
	MeetsSLA bool
	cost.DeployResult
}

// deployColumns are the columns of the deploy analysis: one row per plan that fits memory.
var deployColumns = []Column{
	{Key: "model", Header: "model", Text: true, Axis: "model"},
	{Key: "precision", Header: "precision", Text: true},
	{Key: "context", Header: "context", Axis: "context (tokens)"},
	{Key: "mode", Header: "mode", Text: true},
	{Key: "plan", Header: "plan", Text: true},
	{Key: "attention_hardware", Header: "attn on", Text: true},
	{Key: "ffn_hardware", Header: "FFN on", Text: true},
	{Key: "attention_instances", Header: "x", Axis: "attention instances"},
	{Key: "ffn_instances", Header: "y", Axis: "FFN instances"},
	{Key: "gpus", Header: "GPUs", Axis: "GPUs"},
	{Key: "total_batch", Header: "batch N", Axis: "sequences in flight"},
	{Key: "micro_batches", Header: "m", Axis: "micro-batches"},
	{Key: "mtp_draft_tokens", Header: "MTP K", Axis: "MTP draft tokens per step"},
	{Key: "mtp_accept_rate", Header: "MTP p", Axis: "MTP acceptance"},
	{Key: "credited_tokens_per_step", Header: "credited", Axis: "tokens credited per sequence and step"},
	{Key: "sequences_per_attention_gpu", Header: "b/GPU", Axis: "sequences per attention GPU per micro-batch"},
	{Key: "tpot_ms_calibrated", Header: "TPOT ms", Axis: "TPOT, calibrated (ms)"},
	{Key: "tgs_calibrated", Header: "TGS", Axis: "TGS, calibrated (tokens per GPU per s)"},
	{Key: "usd_per_mtok_calibrated", Header: "$/Mtok", Axis: "cost, calibrated (USD per 1M tokens)"},
	{Key: "tpot_ms_ideal", Header: "ideal TPOT ms", Axis: "TPOT, ideal (ms)"},
	{Key: "tgs_ideal", Header: "ideal TGS", Axis: "TGS, ideal (tokens per GPU per s)"},
	{Key: "usd_per_mtok_ideal", Header: "ideal $/Mtok", Axis: "cost, ideal (USD per 1M tokens)"},
	{Key: "binding_stage", Header: "binding", Text: true},
	{Key: "meets_sla", Header: "SLA", Text: true},
}

// DeployColumns returns the columns of the deploy analysis: a copy, which the caller may
// change.
func DeployColumns() []Column { return slices.Clone(deployColumns) }

// deployDefaults of a scenario's deployment section: cost's defaults where a key is not
// given.
func deployDefaults(d Deployment) (mode string, g, mb int, slaSeconds float64) {
	mode, g, slaSeconds = d.Mode, d.GPUsPerInstance, d.tpotSeconds()
	if mode == "" {
		mode = cost.ModeAFD
	}
	if g == 0 {
		g = cost.DefaultGPUsPerInstance
	}
	mb = d.MicroBatches
	if mb == 0 {
		mb = cost.DefaultMicroBatches(mode)
	}
	return mode, g, mb, slaSeconds
}

// tpotSeconds is the deployment's TPOT target in seconds: tpot_sla_ms / 1000, else
// cost.DefaultTPOTSLASeconds (which the sparsity bound's cost.DefaultTPOTSeconds is).
func (d Deployment) tpotSeconds() float64 {
	if d.TPOTSLAMs > 0 {
		return d.TPOTSLAMs / 1e3
	}
	return cost.DefaultTPOTSLASeconds
}

// orDefault returns v's values, or def when v is empty.
func orDefault(v Ints, def []int) []int {
	if v.Len() == 0 {
		return def
	}
	return v.Values()
}

// attentionInstances are the x of "xAyF" tried: deployment.attention_instances, else
// cost's search space, 1…cost.DefaultMaxInstances.
func attentionInstances(d Deployment) []int {
	return orDefault(d.AttentionInstances, cost.InstanceCounts(cost.DefaultMaxInstances))
}

// ffnInstances are the y tried for model m with instances of g GPUs:
// deployment.ffn_instances, else 1…cost.MaxFFNInstances as cost.SearchAFD tries them (none
// when one instance has more GPUs than m has routed experts). A nil m, for counting before
// the models are resolved, bounds y by cost.DefaultMaxInstances alone.
func ffnInstances(d Deployment, m *model.Model, g int) []int {
	y := cost.DefaultMaxInstances
	if m != nil {
		y = cost.MaxFFNInstances(m, g, 0)
	}
	return orDefault(d.FFNInstances, cost.InstanceCounts(max(y, 0)))
}

// epGPUs are the EP deployment sizes tried for model m on cards of gpusPerNode:
// deployment.gpus, else cost.EPGPUCounts as cost.SearchEP tries them (one node × 1, 2, 4, …
// up to cost.DefaultMaxEPGPUs and the routed experts). A nil m, for counting before the
// models are resolved, takes 8 GPUs per node and no expert bound.
func epGPUs(d Deployment, m *model.Model, gpusPerNode int) []int {
	if d.GPUs.Len() > 0 {
		return d.GPUs.Values()
	}
	if m == nil {
		return cost.EPGPUCounts(&model.Model{}, 8, 0)
	}
	return cost.EPGPUCounts(m, gpusPerNode, 0)
}

// deployBatches are the batches tried (sequences per attention GPU and micro-batch): the
// scenario's batch_sizes, else cost.BatchGrid up to cost.DefaultMaxSequencesPerGPU.
func deployBatches(s *Scenario) []int {
	return orDefault(s.Axes.BatchSizes, cost.BatchGrid(cost.DefaultMaxSequencesPerGPU))
}

// deployMTPs are the deployment's mtp values: its mtp axis, else no MTP.
func deployMTPs(d Deployment) []cost.MTP {
	if len(d.MTP) == 0 {
		return []cost.MTP{{}}
	}
	out := make([]cost.MTP, len(d.MTP))
	for i, m := range d.MTP {
		out[i] = m.MTP()
	}
	return out
}

// deployPairs are the (attention card, FFN card) pairs: the deployment's pair when it names
// one, else each card of axes.hardware for both pools.
func deployPairs(p *Plan, cat *hardware.Catalogue) ([][2]hardware.Accelerator, error) {
	s := p.Scenario
	d := s.Axes.Deployment
	if d.AttentionHardware != "" || d.FFNHardware != "" {
		var pair [2]hardware.Accelerator
		for i, f := range []struct{ key, id string }{{"attention_hardware", d.AttentionHardware}, {"ffn_hardware", d.FFNHardware}} {
			a, err := cat.Get(f.id)
			if err != nil {
				return nil, s.errAt(path{"axes", "deployment", f.key}, "%v", err)
			}
			pair[i] = a
		}
		return [][2]hardware.Accelerator{pair}, nil
	}
	var pairs [][2]hardware.Accelerator
	for _, c := range p.Cards {
		pairs = append(pairs, [2]hardware.Accelerator{c, c})
	}
	return pairs, nil
}

// runDeploy evaluates every plan of the deployment axes: for AFD each x attention and y FFN
// instances and each batch (sequences per attention GPU per micro-batch, N = b·m·x·g); for
// EP each GPU count and batch per GPU. Plans that do not fit memory are left out.
func runDeploy(p *Plan, r *Result, cat *hardware.Catalogue, profile func(string) (hardware.Profile, error), opt Options) error {
	s := p.Scenario
	d := s.Axes.Deployment
	mode, g, mb, slaSeconds := deployDefaults(d)
	pairs, err := deployPairs(p, cat)
	if err != nil {
		return err
	}
	net := cost.DefaultNetwork()
	if d.NICEfficiency > 0 {
		net.Efficiency = d.NICEfficiency
	}
	assume := make([]cost.Assumptions, len(pairs))
	for k, pair := range pairs {
		prof, err := profile(pair[0].ID)
		if err != nil {
			return s.errAt(path{"axes", "hardware"}, "%s: %v", pair[0].ID, err)
		}
		assume[k] = cost.Assumptions{Profile: prof, Network: net, MemoryUsableFraction: cost.DefaultMemoryUsableFraction,
			MinKernelSeconds: cost.DefaultMinKernelSeconds, ScaleUpEfficiency: cost.DefaultScaleUpEfficiency}
	}
	batches, mtps := deployBatches(s), deployMTPs(d)
	contexts := p.Contexts.Values()
	// One group per model variant, card pair and context, evaluated on every core; the rows
	// are then joined in group order, so the output does not depend on scheduling.
	nc, np := len(contexts), len(pairs)
	rows := make([][]DeployRow, len(p.Models)*np*nc)
	skipped := make([]int64, len(rows)) // plans that cannot exist for the group's model
	tried := make([]bool, len(rows))    // a plan that can exist was evaluated
	err = parallelGroups(len(rows), opt.Workers, func(grp int) error {
		if err := opt.stopped(); err != nil {
			return err
		}
		v := &p.Models[grp/(np*nc)]
		k, c := grp/nc%np, contexts[grp%nc]
		pair, as := pairs[k], assume[k]
		add := func(res cost.DeployResult, err error) error {
			tried[grp] = true
			if err != nil {
				return &Error{File: s.File, Msg: fmt.Sprintf("deploy: %v", err)}
			}
			if res.Fits {
				rows[grp] = append(rows[grp], DeployRow{Variant: v, MeetsSLA: res.TPOT.Calibrated <= slaSeconds, DeployResult: res})
			}
			return nil
		}
		// The group's model, cards, tables and schedule are resolved once (cost.PrepareEP,
		// cost.PrepareAFD); each plan is then only evaluated.
		if mode == cost.ModeEP {
			pes := make([]*cost.PreparedEP, len(mtps))
			for i, mtp := range mtps {
				pe, err := cost.PrepareEP(v.Model, cost.EPPlan{Context: c, Hardware: pair[0], MicroBatches: mb, Assumptions: as, Serving: cost.Serving{MTP: mtp}})
				if err != nil {
					return add(cost.DeployResult{}, err)
				}
				pes[i] = pe
			}
			gMax := cost.MaxFFNInstances(v.Model, 1, math.MaxInt) // a GPU holds at least one expert
			for _, gpus := range epGPUs(d, v.Model, pair[0].GPUsPerNode) {
				if gpus > gMax {
					skipped[grp] += int64(len(batches) * len(mtps))
					continue
				}
				for _, pe := range pes {
					for _, b := range batches {
						if err := add(pe.Evaluate(gpus, b*mb)); err != nil {
							return err
						}
					}
				}
			}
			return nil
		}
		xs, ys := attentionInstances(d), ffnInstances(d, v.Model, g)
		if len(ys) == 0 {
			// One instance has more GPUs than the model has routed experts: no plan can
			// exist; the smallest, y = 1, is counted as skipped for each x and batch.
			ys = []int{1}
		}
		yMax := cost.MaxFFNInstances(v.Model, g, math.MaxInt) // y·g within the routed experts
		pas := make([]*cost.PreparedAFD, len(mtps))
		for i, mtp := range mtps {
			pa, err := cost.PrepareAFD(v.Model, cost.AFDPlan{Context: c, AttentionHardware: pair[0], FFNHardware: pair[1],
				GPUsPerInstance: g, MicroBatches: mb, Assumptions: as, Serving: cost.Serving{MTP: mtp}})
			if err != nil {
				return add(cost.DeployResult{}, err)
			}
			pas[i] = pa
		}
		for _, x := range xs {
			for _, y := range ys {
				if y > yMax {
					skipped[grp] += int64(len(batches) * len(mtps))
					continue
				}
				for _, pa := range pas {
					for _, b := range batches {
						if err := add(pa.Evaluate(x, y, b*mb*x*g)); err != nil {
							return err
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, g := range rows {
		r.Deploy = append(r.Deploy, g...)
	}
	if len(r.Deploy) == 0 && len(rows) > 0 && !slices.ContainsFunc(tried, func(b bool) bool { return b }) {
		field := path{"axes", "deployment", "ffn_instances"}
		if mode == cost.ModeEP {
			field = path{"axes", "deployment", "gpus"}
		}
		if s.lineOf(field) == 0 {
			field = path{"axes", "deployment", "gpus_per_instance"}
		}
		return s.errAt(field, "no plan can exist for any model (%s: %s)", p.Models[0].Model.ID, skipReason(mode, p.Models[0].Model, g))
	}
	for i := range p.Models {
		var n int64
		for grp := i * np * nc; grp < (i+1)*np*nc; grp++ {
			n += skipped[grp]
		}
		if n > 0 {
			r.DeploySkipped = append(r.DeploySkipped, DeploySkip{Variant: &p.Models[i], Plans: n, Reason: skipReason(mode, p.Models[i].Model, g)})
		}
	}
	return nil
}

// DeploySkip counts the plans of a deploy sweep that cannot exist for one model variant
// (an FFN pool or EP group of more GPUs than the model has routed experts; expert
// replication is not modelled). They are left out, as the CLI's search leaves them out,
// and the output says how many.
type DeploySkip struct {
	// Variant is the model variant; Plans the number of plans left out, over every card
	// pair, context and batch; Reason says why.
	Variant *ModelVariant
	Plans   int64
	Reason  string
}

// skipReason says why plans of model m cannot exist.
func skipReason(mode string, m *model.Model, g int) string {
	e := cost.MaxFFNInstances(m, 1, math.MaxInt)
	if mode == cost.ModeEP {
		return fmt.Sprintf("more EP GPUs than its %d routed experts", e)
	}
	return fmt.Sprintf("FFN pools of y·%d GPUs beyond its %d routed experts", g, e)
}

// deployPlans is the number of plans tried per context for model m on cards of
// gpusPerNode; with a nil m, before the models are resolved, an upper bound.
func deployPlans(s *Scenario, m *model.Model, gpusPerNode int) int64 {
	d := s.Axes.Deployment
	mode, g, _, _ := deployDefaults(d)
	b := int64(len(deployBatches(s))) * int64(len(deployMTPs(d)))
	if mode == cost.ModeEP {
		return b * int64(len(epGPUs(d, m, gpusPerNode)))
	}
	return b * int64(len(attentionInstances(d))) * int64(len(ffnInstances(d, m, g)))
}
