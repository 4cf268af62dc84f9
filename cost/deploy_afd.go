package cost

import (
	"fmt"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// AFDPlan is one attention–FFN disaggregated deployment (docs/design.md §deploy): x attention instances
// and y FFN instances of g GPUs each, N sequences in flight in m micro-batches.
type AFDPlan struct {
	// Context is C, the tokens cached per sequence.
	Context int
	// AttentionHardware and FFNHardware are the cards of the two pools; they may differ.
	AttentionHardware hardware.Accelerator
	FFNHardware       hardware.Accelerator
	// AttentionInstances is x, FFNInstances y, GPUsPerInstance g (g_A = g_F = g).
	AttentionInstances int
	FFNInstances       int
	GPUsPerInstance    int
	// Batch is N, the sequences in flight over the whole deployment.
	Batch int
	// MicroBatches is m, the pipeline depth of afd-pipeline (3: attention, FFN and the
	// network each busy; 1 for none).
	MicroBatches int
	// AttentionKV and AttentionCompute, when set, replace the model's KV cache format and the
	// format the attention block computes in; the FFN keeps the model's formats.
	AttentionKV      precision.Format
	AttentionCompute precision.Format
	// Assumptions are the profile, the network and the usable memory.
	Assumptions Assumptions
	// FFNProfile, when set, times the FFN pool's kernels instead of Assumptions.Profile (for
	// an FFN card with a profile of its own).
	FFNProfile *hardware.Profile
	// FFNTables, when set, are the FFN card's kernel tables instead of its built-in ones.
	FFNTables *kernels.Set
	// Serving are MTP, the serving precision, the schedule, the imbalance and the per-step
	// overhead.
	Serving Serving
}

// Validate reports the first unusable field.
func (p AFDPlan) Validate() error {
	for _, c := range []struct {
		name string
		v    int
	}{{"attention instances", p.AttentionInstances}, {"ffn instances", p.FFNInstances}, {"batch", p.Batch}} {
		if c.v < 1 {
			return fmt.Errorf("afd plan: %s must be at least 1, got %d", c.name, c.v)
		}
	}
	return p.validateFixed()
}

// validateFixed checks what a search does not vary.
func (p AFDPlan) validateFixed() error {
	if err := checkContext(p.Context); err != nil {
		return fmt.Errorf("afd plan: %w", err)
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"gpus per instance", p.GPUsPerInstance}, {"micro-batches", p.MicroBatches}} {
		if c.v < 1 {
			return fmt.Errorf("afd plan: %s must be at least 1, got %d", c.name, c.v)
		}
	}
	for _, hw := range []hardware.Accelerator{p.AttentionHardware, p.FFNHardware} {
		if err := hw.Validate(); err != nil {
			return fmt.Errorf("afd plan: %w", err)
		}
	}
	if err := p.Assumptions.Validate(); err != nil {
		return fmt.Errorf("afd plan: %w", err)
	}
	if p.FFNProfile != nil {
		if err := p.FFNProfile.Validate(); err != nil {
			return fmt.Errorf("afd plan: ffn %w", err)
		}
	}
	if err := p.Serving.Validate(); err != nil {
		return fmt.Errorf("afd plan: %w", err)
	}
	return nil
}

// PreparedAFD is an AFD deployment resolved once (see PreparedEP), to be evaluated for many
// instance counts and batches.
type PreparedAFD struct {
	e    *deployEngine
	plan AFDPlan
}

// PrepareAFD resolves m and the fixed parts of p (everything but the instance counts and
// the batch).
func PrepareAFD(m *model.Model, p AFDPlan) (*PreparedAFD, error) {
	if err := p.validateFixed(); err != nil {
		return nil, fmt.Errorf("model %s: %w", m.ID, err)
	}
	ffnProf := p.Assumptions.Profile
	if p.FFNProfile != nil {
		ffnProf = *p.FFNProfile
	}
	ffnTables := p.FFNTables
	if ffnTables == nil && p.FFNHardware.ID == p.AttentionHardware.ID {
		ffnTables = p.Assumptions.Tables
	}
	e, err := prepare(m, engineSpec{mode: ModeAFD, context: p.Context, attnHW: p.AttentionHardware, ffnHW: p.FFNHardware,
		attnProf: p.Assumptions.Profile, ffnProf: ffnProf, attnTables: p.Assumptions.Tables, ffnTabls: ffnTables,
		assumptions: p.Assumptions, serving: p.Serving, micro: p.MicroBatches, denseGPUs: p.GPUsPerInstance,
		gpusPerInstance: p.GPUsPerInstance, attentionKV: p.AttentionKV, attentionCompute: p.AttentionCompute})
	if err != nil {
		return nil, fmt.Errorf("model %s: afd plan: %w", m.ID, err)
	}
	return &PreparedAFD{e: e, plan: p}, nil
}

func (pa *PreparedAFD) layout(x, y, batch int) (layout, error) {
	if x < 1 || y < 1 || batch < 1 {
		return layout{}, fmt.Errorf("afd plan: instances and batch must be at least 1, got %d, %d and %d", x, y, batch)
	}
	g := pa.plan.GPUsPerInstance
	for _, k := range pa.e.kinds {
		if k.moe && y*g > k.experts+pa.e.serving.RedundantExperts {
			return layout{}, fmt.Errorf("afd ffn pool of %d GPUs: they exceed the %d routed experts and %d redundant replicas of layer kind %s", y*g, k.experts, pa.e.serving.RedundantExperts, k.name)
		}
	}
	lay := layout{attnGPUs: x * g, ffnGPUs: y * g, instances: y, gpus: x*g + y*g,
		seqs: float64(batch), seqsPerGPU: float64(batch) / float64(x*g)}
	if err := pa.e.checkNetwork(&lay); err != nil {
		return layout{}, err
	}
	return lay, nil
}

// Evaluate prices the plan of x attention and y FFN instances with batch sequences.
func (pa *PreparedAFD) Evaluate(x, y, batch int) (DeployResult, error) {
	lay, err := pa.layout(x, y, batch)
	if err != nil {
		return DeployResult{}, fmt.Errorf("model %s: %w", pa.e.model.ID, err)
	}
	var run stepRun
	pa.e.run(&lay, &run)
	p := pa.plan
	r := DeployResult{
		Mode: ModeAFD, Model: pa.e.model.ID, Context: p.Context,
		AttentionHardware: p.AttentionHardware.ID, FFNHardware: p.FFNHardware.ID,
		AttentionInstances: x, FFNInstances: y, GPUsPerInstance: p.GPUsPerInstance, GPUs: lay.gpus,
		TotalBatch: lay.seqs, MicroBatches: pa.e.micro,
	}
	pa.e.result(&lay, &run, &r)
	if p.AttentionHardware.HasPrice() && p.FFNHardware.HasPrice() {
		r.finishPrice(float64(lay.attnGPUs)*p.AttentionHardware.PriceUSDPerHour + float64(lay.ffnGPUs)*p.FFNHardware.PriceUSDPerHour)
	}
	return r, nil
}

func (pa *PreparedAFD) summary(x, y, batch int, run *stepRun) error {
	lay, err := pa.layout(x, y, batch)
	if err != nil {
		return err
	}
	pa.e.run(&lay, run)
	return nil
}

// EvaluateAFD simulates plan p of model m in steady state (docs/design.md §deploy). With
// b = N/(m·x·g) sequences per attention GPU and micro-batch, each running 1 + K tokens
// (MTP), and T = N/m·(1 + K) tokens for the FFN pool, per layer and micro-batch:
//
//   - attention: the complete attention op list (deploy_ops.go) of b sequences on one
//     attention GPU (data-parallel attention, every GPU a full copy of the weights);
//   - FFN on one FFN GPU: an MoE layer's routed experts spread over all y·g FFN GPUs, the
//     busiest GPU carrying ImbalanceFactor × T·k/(y·g) pairs in calibrated times, and its
//     share T/(y·g) of the shared experts; a dense FFN tensor-parallel within one instance
//     (its all-reduce over NVLink is not charged), T/y tokens each;
//   - dispatch and combine: each token to every FFN instance holding one of its experts
//     (ExpectedInstancesHit), over the attention GPU's NIC, the FFN GPU's NIC and NVLink
//     inside the instance, the slowest of the three; dispatch in the serving dispatch format,
//     combine in its combine format.
//
// The afd-pipeline schedule turns these into each layer's period: max(m·t_A, m·t_F,
// m·t_dispatch, m·t_combine, the round trip t_A + t_dispatch + t_F + t_combine) with
// full-duplex NICs. A step is Σ layers × period, the MTP passes, the per-step ops on the
// attention GPUs and the step overhead; throughput = N × credited tokens / step, TGS =
// throughput/(x·g + y·g). Ideal and calibrated are computed separately.
func EvaluateAFD(m *model.Model, p AFDPlan) (DeployResult, error) {
	if err := p.Validate(); err != nil {
		return DeployResult{}, fmt.Errorf("model %s: %w", m.ID, err)
	}
	pa, err := PrepareAFD(m, p)
	if err != nil {
		return DeployResult{}, err
	}
	return pa.Evaluate(p.AttentionInstances, p.FFNInstances, p.Batch)
}
