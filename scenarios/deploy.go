package scenarios

import (
	"fmt"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// DeployRow is one deployment plan that fits memory (DESIGN §9), evaluated by
// cost.EvaluateAFD or cost.EvaluateEP.
type DeployRow struct {
	// Variant is the model variant deployed.
	Variant *ModelVariant
	// MeetsSLA says the calibrated TPOT is within the scenario's TPOT target.
	MeetsSLA bool
	cost.DeployResult
}

// DeployColumns are the columns of the deploy analysis: one row per plan that fits memory.
var DeployColumns = []Column{
	{Key: "model", Text: true, Axis: "model"}, {Key: "precision", Text: true}, {Key: "context", Axis: "context (tokens)"},
	{Key: "mode", Text: true}, {Key: "plan", Text: true},
	{Key: "attention_hardware", Text: true}, {Key: "ffn_hardware", Text: true},
	{Key: "attention_instances", Axis: "attention instances"}, {Key: "ffn_instances", Axis: "FFN instances"},
	{Key: "gpus", Axis: "GPUs"}, {Key: "total_batch", Axis: "sequences in flight"},
	{Key: "micro_batches", Axis: "micro-batches"},
	{Key: "sequences_per_attention_gpu", Axis: "sequences per attention GPU per micro-batch"},
	{Key: "tpot_ms_calibrated", Axis: "TPOT, calibrated (ms)"}, {Key: "tgs_calibrated", Axis: "TGS, calibrated (tokens per GPU per s)"},
	{Key: "usd_per_mtok_calibrated", Axis: "cost, calibrated (USD per 1M tokens)"},
	{Key: "tpot_ms_ideal", Axis: "TPOT, ideal (ms)"}, {Key: "tgs_ideal", Axis: "TGS, ideal (tokens per GPU per s)"},
	{Key: "usd_per_mtok_ideal", Axis: "cost, ideal (USD per 1M tokens)"},
	{Key: "binding_stage", Text: true}, {Key: "meets_sla", Text: true},
}

// deployDefaults of a scenario's deployment section.
func deployDefaults(d Deployment) (mode string, g, mb int, slaSeconds float64) {
	mode, g, slaSeconds = d.Mode, d.GPUsPerInstance, cost.DefaultTPOTSLASeconds
	if mode == "" {
		mode = cost.ModeAFD
	}
	if g == 0 {
		g = cost.DefaultGPUsPerInstance
	}
	mb = d.MicroBatches
	if mb == 0 {
		mb = cost.DefaultAFDMicroBatches
		if mode == cost.ModeEP {
			mb = cost.DefaultEPMicroBatches
		}
	}
	if d.TPOTSLAMs > 0 {
		slaSeconds = d.TPOTSLAMs / 1e3
	}
	return mode, g, mb, slaSeconds
}

// orDefault returns v's values, or def when v is empty.
func orDefault(v Ints, def []int) []int {
	if v.Len() == 0 {
		return def
	}
	return v.Values()
}

// maxFFNInstances bounds the default FFN instances as cost.SearchAFD does: the FFN pool
// (y·g GPUs) holds at most one routed expert per GPU (no replication), so y ≤ experts/g
// for the MoE layer kind of fewest experts; DefaultMaxInstances at most.
func maxFFNInstances(v *ModelVariant, g int) int {
	y := cost.DefaultMaxInstances
	for _, k := range v.Model.Kinds() {
		if f := k.Layer.FFN; f.Kind == model.MoE {
			y = min(y, max(1, f.Experts/g))
		}
	}
	return y
}

// defaultEPGPUs are the EP deployment sizes tried when deployment.gpus is not given.
var defaultEPGPUs = []int{8, 16, 32, 64, 128}

// deployBatches are the batches tried (sequences per attention GPU and micro-batch): the
// scenario's batch_sizes, else cost.BatchGrid up to cost.DefaultMaxSequencesPerGPU.
func deployBatches(s *Scenario) []int {
	return orDefault(s.Axes.BatchSizes, cost.BatchGrid(cost.DefaultMaxSequencesPerGPU))
}

// span is 1, 2, …, n.
func span(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
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
func runDeploy(p *Plan, r *Result, cat *hardware.Catalogue, profile func(string) (hardware.Profile, error), workers int) error {
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
		assume[k] = cost.Assumptions{Profile: prof, Network: net, MemoryUsableFraction: cost.DefaultMemoryUsableFraction}
	}
	batches := deployBatches(s)
	contexts := p.Contexts.Values()
	// One group per model variant, card pair and context, evaluated on every core; the rows
	// are then joined in group order, so the output does not depend on scheduling.
	nc, np := len(contexts), len(pairs)
	rows := make([][]DeployRow, len(p.Models)*np*nc)
	err = parallelGroups(len(rows), workers, func(grp int) error {
		v := &p.Models[grp/(np*nc)]
		k, c := grp/nc%np, contexts[grp%nc]
		pair, as := pairs[k], assume[k]
		add := func(res cost.DeployResult, err error) error {
			if err != nil {
				return &Error{File: s.File, Msg: fmt.Sprintf("deploy: %v", err)}
			}
			if res.Fits {
				rows[grp] = append(rows[grp], DeployRow{Variant: v, MeetsSLA: res.TPOT.Calibrated <= slaSeconds, DeployResult: res})
			}
			return nil
		}
		if mode == cost.ModeEP {
			for _, gpus := range orDefault(d.GPUs, defaultEPGPUs) {
				for _, b := range batches {
					if err := add(cost.EvaluateEP(v.Model, cost.EPPlan{Context: c, Hardware: pair[0], GPUs: gpus,
						BatchPerGPU: b * mb, MicroBatches: mb, Assumptions: as})); err != nil {
						return err
					}
				}
			}
			return nil
		}
		for _, x := range orDefault(d.AttentionInstances, span(cost.DefaultMaxInstances)) {
			for _, y := range orDefault(d.FFNInstances, span(maxFFNInstances(v, g))) {
				for _, b := range batches {
					if err := add(cost.EvaluateAFD(v.Model, cost.AFDPlan{Context: c,
						AttentionHardware: pair[0], FFNHardware: pair[1],
						AttentionInstances: x, FFNInstances: y, GPUsPerInstance: g,
						Batch: b * mb * x * g, MicroBatches: mb, Assumptions: as})); err != nil {
						return err
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
	return nil
}

// deployPlans is the number of plans tried per model variant, card pair and context.
func deployPlans(s *Scenario) int64 {
	d := s.Axes.Deployment
	mode, _, _, _ := deployDefaults(d)
	b := int64(len(deployBatches(s)))
	if mode == cost.ModeEP {
		return b * int64(len(orDefault(d.GPUs, defaultEPGPUs)))
	}
	return b * int64(len(orDefault(d.AttentionInstances, span(cost.DefaultMaxInstances)))) *
		int64(len(orDefault(d.FFNInstances, span(cost.DefaultMaxInstances))))
}
