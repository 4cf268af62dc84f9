package cost

import (
	"fmt"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// EPPlan is one expert-parallel deployment, DeepSeek-V3 style (docs/design.md §deploy): G
// GPUs, each running data-parallel attention for its own sequences and holding E/G routed
// experts plus the shared experts.
type EPPlan struct {
	// Context is C, the tokens cached per sequence.
	Context int
	// Hardware is the card of every GPU.
	Hardware hardware.Accelerator
	// GPUs is G.
	GPUs int
	// BatchPerGPU is the sequences each GPU has in flight (all micro-batches together).
	BatchPerGPU int
	// MicroBatches is m: 2 for deepseek-5stage, 1 for none.
	MicroBatches int
	// AttentionKV and AttentionCompute, when set, replace the model's KV cache format and the
	// attention block's compute format (before Serving.Precision, which overrides them).
	AttentionKV      precision.Format
	AttentionCompute precision.Format
	// Assumptions are the profile, tables, network and usable memory.
	Assumptions Assumptions
	// Serving are MTP, the serving precision, the schedule, the imbalance and the per-step
	// overhead.
	Serving Serving
}

// Validate reports the first unusable field.
func (p EPPlan) Validate() error {
	for _, c := range []struct {
		name string
		v    int
	}{{"gpus", p.GPUs}, {"batch per gpu", p.BatchPerGPU}} {
		if c.v < 1 {
			return fmt.Errorf("ep plan: %s must be at least 1, got %d", c.name, c.v)
		}
	}
	return p.validateFixed()
}

// validateFixed checks what a search does not vary.
func (p EPPlan) validateFixed() error {
	if err := checkContext(p.Context); err != nil {
		return fmt.Errorf("ep plan: %w", err)
	}
	if p.MicroBatches < 1 {
		return fmt.Errorf("ep plan: micro-batches must be at least 1, got %d", p.MicroBatches)
	}
	if err := p.Hardware.Validate(); err != nil {
		return fmt.Errorf("ep plan: %w", err)
	}
	if err := p.Assumptions.Validate(); err != nil {
		return fmt.Errorf("ep plan: %w", err)
	}
	if err := p.Serving.Validate(); err != nil {
		return fmt.Errorf("ep plan: %w", err)
	}
	return nil
}

// OffNodeFraction is the fraction of a GPU's expert traffic that leaves its node when the
// routed experts are spread uniformly over gpus GPUs in nodes of perNode: 1 − perNode/G
// (0 when everything is in one node).
func OffNodeFraction(gpus, perNode int) float64 {
	if perNode < 1 {
		perNode = 1
	}
	if gpus <= perNode {
		return 0
	}
	return 1 - float64(perNode)/float64(gpus)
}

// PreparedEP is an EP deployment resolved once — the model's layer kinds and their ops, the
// card's roofs, profile and kernel tables, the serving options and the schedule — to be
// evaluated for many GPU counts and batches (EvaluateEP and SearchEP use it).
type PreparedEP struct {
	e    *deployEngine
	plan EPPlan
}

// PrepareEP resolves m and the fixed parts of p (everything but GPUs and BatchPerGPU).
func PrepareEP(m *model.Model, p EPPlan) (*PreparedEP, error) {
	if err := p.validateFixed(); err != nil {
		return nil, fmt.Errorf("model %s: %w", m.ID, err)
	}
	e, err := prepare(m, engineSpec{mode: ModeEP, context: p.Context, attnHW: p.Hardware, ffnHW: p.Hardware,
		attnProf: p.Assumptions.Profile, ffnProf: p.Assumptions.Profile, attnTables: p.Assumptions.Tables, ffnTabls: p.Assumptions.Tables,
		assumptions: p.Assumptions, serving: p.Serving, micro: p.MicroBatches, denseGPUs: 1,
		attentionKV: p.AttentionKV, attentionCompute: p.AttentionCompute})
	if err != nil {
		return nil, fmt.Errorf("model %s: ep plan: %w", m.ID, err)
	}
	return &PreparedEP{e: e, plan: p}, nil
}

func (pe *PreparedEP) layout(gpus, batchPerGPU int) (layout, error) {
	if gpus < 1 || batchPerGPU < 1 {
		return layout{}, fmt.Errorf("ep plan: gpus and batch per gpu must be at least 1, got %d and %d", gpus, batchPerGPU)
	}
	for _, k := range pe.e.kinds {
		if k.moe && gpus > k.experts+pe.e.serving.RedundantExperts {
			return layout{}, fmt.Errorf("ep over %d GPUs: they exceed the %d routed experts and %d redundant replicas of layer kind %s", gpus, k.experts, pe.e.serving.RedundantExperts, k.name)
		}
	}
	lay := layout{attnGPUs: gpus, ffnGPUs: gpus, gpus: gpus, seqs: float64(batchPerGPU * gpus), seqsPerGPU: float64(batchPerGPU)}
	if err := pe.e.checkNetwork(&lay); err != nil {
		return layout{}, err
	}
	return lay, nil
}

// Evaluate prices the plan of gpus GPUs with batchPerGPU sequences each.
func (pe *PreparedEP) Evaluate(gpus, batchPerGPU int) (DeployResult, error) {
	lay, err := pe.layout(gpus, batchPerGPU)
	if err != nil {
		return DeployResult{}, fmt.Errorf("model %s: %w", pe.e.model.ID, err)
	}
	var run stepRun
	pe.e.run(&lay, &run)
	hw := pe.plan.Hardware
	r := DeployResult{
		Mode: ModeEP, Model: pe.e.model.ID, Context: pe.plan.Context,
		AttentionHardware: hw.ID, FFNHardware: hw.ID, GPUs: gpus,
		TotalBatch: lay.seqs, MicroBatches: pe.e.micro,
	}
	pe.e.result(&lay, &run, &r)
	r.finishPrice(float64(gpus) * hw.PriceUSDPerHour)
	return r, nil
}

// summary is the part of a result a search ranks by, without allocating.
func (pe *PreparedEP) summary(gpus, batchPerGPU int, run *stepRun) error {
	lay, err := pe.layout(gpus, batchPerGPU)
	if err != nil {
		return err
	}
	pe.e.run(&lay, run)
	return nil
}

// EvaluateEP simulates plan p of model m in steady state (docs/design.md §deploy). Each GPU
// decodes b = B/m sequences per micro-batch (B = BatchPerGPU), each running 1 + K tokens
// (MTP) through every layer. Per layer and micro-batch, on one GPU, the complete op list
// (deploy_ops.go) in phases: the attention's prepare and core parts on its b·(1+K) tokens
// (the core reads each sequence's KV once); for an MoE layer the routed experts on the pairs
// the GPU receives — G·b·(1+K)·k/G on average, ImbalanceFactor × that on the busiest GPU in
// calibrated times — and the shared experts on its own tokens; a dense FFN whole on every GPU.
// Dispatch and combine send b·(1+K)·k pairs per GPU: 1/G stays, (node − 1)/G cross NVLink,
// the rest the NIC, priced from the card's DeepEP table when it has one. The schedule
// (deepseek-5stage for m = 2, none for m = 1) turns the phases into each layer's period.
// A step is Σ layers × period, the MTP draft passes, the per-step ops (embedding, final norm,
// LM head, sampling over B·(1+K) tokens) and the step overhead; TPOT = step / credited tokens
// per sequence, TGS = B × credited / step.
func EvaluateEP(m *model.Model, p EPPlan) (DeployResult, error) {
	if err := p.Validate(); err != nil {
		return DeployResult{}, fmt.Errorf("model %s: %w", m.ID, err)
	}
	pe, err := PrepareEP(m, p)
	if err != nil {
		return DeployResult{}, err
	}
	return pe.Evaluate(p.GPUs, p.BatchPerGPU)
}
