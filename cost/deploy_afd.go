package cost

import (
	"fmt"

	"github.com/decost/decost/hardware"
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
	// MicroBatches is m, the pipeline depth (3: attention, FFN, communication; from 4 on,
	// dispatch and combine are separate stages).
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
}

// Validate reports the first unusable field.
func (p AFDPlan) Validate() error {
	if err := checkContext(p.Context); err != nil {
		return fmt.Errorf("afd plan: %w", err)
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"attention instances", p.AttentionInstances}, {"ffn instances", p.FFNInstances},
		{"gpus per instance", p.GPUsPerInstance}, {"batch", p.Batch}, {"micro-batches", p.MicroBatches}} {
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
	return nil
}

// EvaluateAFD simulates plan p of model m in steady state. Per layer and micro-batch, with
// b = N/(m·x·g) sequences on each attention GPU and T = N/m tokens for the FFN pool:
//
//   - t_A = the attention ops (AttentionOps: projections, core, router) of b sequences on
//     one attention GPU (data-parallel attention, every GPU a full copy of the weights);
//   - t_F = the FFN ops (FFNOps) on one FFN GPU: an MoE layer spreads its experts over all
//     y·g FFN GPUs by expert parallelism, T tokens; a dense FFN layer runs tensor-parallel
//     within one FFN instance (g GPUs over NVLink, whose all-reduce is not charged), each of
//     the y instances taking T/y tokens;
//   - t_C: each token sends H bytes FP8 plus scales (Network.DispatchBytesPerToken) to the
//     FFN pool and gets 2·H bytes BF16 back, once per layer whatever its top-k. Each
//     direction takes the time of the busiest NIC — an attention GPU's b tokens or an FFN
//     GPU's T/(y·g) tokens, on each side's own NIC — at line rate (ideal) or at line rate ×
//     efficiency plus one message latency (calibrated). With m ≤ 3 dispatch and combine
//     share one stage, t_C = dispatch + combine; with m ≥ 4 each is a stage, t_C = max.
//
// A layer takes m·max(t_A, t_F, t_C) and TPOT sums that over the layers (L·m·max(…) for a
// model of one layer kind); throughput = N/TPOT, TGS = throughput/(x·g + y·g). Ideal and
// calibrated times are computed separately, each with its own max.
func EvaluateAFD(m *model.Model, p AFDPlan) (DeployResult, error) {
	if err := m.Validate(); err != nil {
		return DeployResult{}, err
	}
	if err := p.Validate(); err != nil {
		return DeployResult{}, fmt.Errorf("model %s: %w", m.ID, err)
	}
	kinds := m.Kinds()
	akinds, err := attentionKinds(kinds, p.AttentionKV, p.AttentionCompute)
	if err != nil {
		return DeployResult{}, fmt.Errorf("afd plan: %w", err)
	}
	nicA, err := p.Assumptions.Network.nicBytesPerSecond(p.AttentionHardware)
	if err != nil {
		return DeployResult{}, fmt.Errorf("afd attention pool: %w", err)
	}
	nicF, err := p.Assumptions.Network.nicBytesPerSecond(p.FFNHardware)
	if err != nil {
		return DeployResult{}, fmt.Errorf("afd ffn pool: %w", err)
	}
	x, y, g, mb := p.AttentionInstances, p.FFNInstances, p.GPUsPerInstance, p.MicroBatches
	attnGPUs, ffnGPUs := x*g, y*g
	n := float64(p.Batch)
	b := n / float64(mb*attnGPUs)
	tokens := n / float64(mb)
	r := DeployResult{
		Mode: ModeAFD, Model: m.ID, Context: p.Context,
		AttentionHardware: p.AttentionHardware.ID, FFNHardware: p.FFNHardware.ID,
		AttentionInstances: x, FFNInstances: y, GPUsPerInstance: g, GPUs: attnGPUs + ffnGPUs,
		TotalBatch: n, MicroBatches: mb, SequencesPerAttentionGPU: b, FFNTokens: tokens,
	}
	prof, ffnProf := p.Assumptions.Profile, p.Assumptions.Profile
	if p.FFNProfile != nil {
		ffnProf = *p.FFNProfile
	}
	net := p.Assumptions.Network
	disp := net.DispatchBytesPerToken(m.Hidden)
	comb := CombineBytesPerToken(m.Hidden)
	perFFNGPU := tokens / float64(ffnGPUs)
	for i, k := range kinds {
		aops, err := AttentionOps(m.Hidden, akinds[i], p.AttentionHardware, prof, AttentionStep{Sequences: b, Context: p.Context, GPUs: 1, Parallel: DataParallel})
		if err != nil {
			return DeployResult{}, fmt.Errorf("model %s: afd attention: %w", m.ID, err)
		}
		fs := FFNStep{Tokens: tokens, GPUs: ffnGPUs}
		if k.Layer.FFN.Kind == model.Dense {
			fs = FFNStep{Tokens: tokens / float64(y), GPUs: g}
		}
		fops, err := FFNOps(m.Hidden, k, p.FFNHardware, ffnProf, fs)
		if err != nil {
			return DeployResult{}, fmt.Errorf("model %s: afd ffn pool of %d GPUs: %w", m.ID, ffnGPUs, err)
		}
		l := DeployLayer{Kind: k.Name, Layers: k.Count(), Attention: opsSeconds(aops), FFN: opsSeconds(fops)}
		l.Dispatch = maxStage(net.transfer(b*disp, nicA), net.transfer(perFFNGPU*disp, nicF))
		l.Combine = maxStage(net.transfer(b*comb, nicA), net.transfer(perFFNGPU*comb, nicF))
		if mb >= 4 {
			l.Communication = maxStage(l.Dispatch, l.Combine)
		} else {
			l.Communication = l.Dispatch.add(l.Combine)
		}
		names := []string{StageAttention, StageFFN, StageCommunication}
		l.BindingStage = binding(names, []float64{l.Attention.Calibrated, l.FFN.Calibrated, l.Communication.Calibrated})
		l.BindingStageIdeal = binding(names, []float64{l.Attention.Ideal, l.FFN.Ideal, l.Communication.Ideal})
		l.Period = maxStage(maxStage(l.Attention, l.FFN), l.Communication).scale(float64(mb))
		r.Layers = append(r.Layers, l)
	}
	r.AttentionGPUMemoryBytes = AttentionWeightBytes(m, akinds) + n/float64(attnGPUs)*KVBytesPerSequence(akinds, p.Context)
	r.FFNGPUMemoryBytes = FFNWeightBytesPerGPU(m, kinds, ffnGPUs, g)
	r.AttentionGPUUsableBytes = p.AttentionHardware.MemoryBytes * p.Assumptions.MemoryUsableFraction
	r.FFNGPUUsableBytes = p.FFNHardware.MemoryBytes * p.Assumptions.MemoryUsableFraction
	var price float64
	if p.AttentionHardware.HasPrice() && p.FFNHardware.HasPrice() {
		price = float64(attnGPUs)*p.AttentionHardware.PriceUSDPerHour + float64(ffnGPUs)*p.FFNHardware.PriceUSDPerHour
	}
	r.finish(price)
	return r, nil
}
