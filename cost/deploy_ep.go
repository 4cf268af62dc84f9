package cost

import (
	"fmt"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// EPPlan is one expert-parallel deployment, DeepSeek-V3 style (docs/design.md §deploy): G GPUs, each
// running data-parallel attention for its own sequences and holding E/G routed experts plus
// the shared experts.
type EPPlan struct {
	// Context is C, the tokens cached per sequence.
	Context int
	// Hardware is the card of every GPU.
	Hardware hardware.Accelerator
	// GPUs is G.
	GPUs int
	// BatchPerGPU is the sequences each GPU has in flight (all micro-batches together).
	BatchPerGPU int
	// MicroBatches is m: with m ≥ 2 one micro-batch's communication overlaps another's
	// compute; 1 means no overlap.
	MicroBatches int
	// AttentionKV and AttentionCompute, when set, replace the model's KV cache format and the
	// attention block's compute format.
	AttentionKV      precision.Format
	AttentionCompute precision.Format
	// Assumptions are the profile, the network and the usable memory.
	Assumptions Assumptions
}

// Validate reports the first unusable field.
func (p EPPlan) Validate() error {
	if err := checkContext(p.Context); err != nil {
		return fmt.Errorf("ep plan: %w", err)
	}
	for _, c := range []struct {
		name string
		v    int
	}{{"gpus", p.GPUs}, {"batch per gpu", p.BatchPerGPU}, {"micro-batches", p.MicroBatches}} {
		if c.v < 1 {
			return fmt.Errorf("ep plan: %s must be at least 1, got %d", c.name, c.v)
		}
	}
	if err := p.Hardware.Validate(); err != nil {
		return fmt.Errorf("ep plan: %w", err)
	}
	if err := p.Assumptions.Validate(); err != nil {
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

// EvaluateEP simulates plan p of model m in steady state. Each GPU decodes b = B/m
// sequences per micro-batch (B = BatchPerGPU). Per layer and micro-batch, on one GPU:
//
//   - t_A = the attention ops of b sequences (data-parallel attention, AttentionOps);
//   - t_F = for an MoE layer, FFNOps of T = G·b tokens over the G GPUs (E/G experts each,
//     shared experts on every GPU); a dense FFN layer runs whole on every GPU for its own b
//     tokens (data parallel, no communication);
//   - t_C, MoE layers only: dispatch (FP8 + scales) and combine (BF16) per token–expert pair,
//     b·k pairs per GPU, of which OffNodeFraction cross the GPU's NIC (the rest go over
//     NVLink, not charged); t_C = dispatch + combine, each at line rate (ideal) or line rate
//     × efficiency plus one message latency (calibrated).
//
// Overlap: with m ≥ 2 micro-batches a layer takes m·max(t_A + t_F, t_C); with m = 1,
// t_A + t_F + t_C. TPOT sums this over the layers; TGS = B/TPOT.
func EvaluateEP(m *model.Model, p EPPlan) (DeployResult, error) {
	if err := m.Validate(); err != nil {
		return DeployResult{}, err
	}
	if err := p.Validate(); err != nil {
		return DeployResult{}, fmt.Errorf("model %s: %w", m.ID, err)
	}
	kinds := m.Kinds()
	akinds, err := attentionKinds(kinds, p.AttentionKV, p.AttentionCompute)
	if err != nil {
		return DeployResult{}, fmt.Errorf("ep plan: %w", err)
	}
	hw, mb, gpus := p.Hardware, p.MicroBatches, p.GPUs
	off := OffNodeFraction(gpus, hw.GPUsPerNode)
	var nic float64
	if off > 0 {
		if nic, err = p.Assumptions.Network.nicBytesPerSecond(hw); err != nil {
			return DeployResult{}, fmt.Errorf("ep: %w", err)
		}
	}
	b := float64(p.BatchPerGPU) / float64(mb)
	r := DeployResult{
		Mode: ModeEP, Model: m.ID, Context: p.Context,
		AttentionHardware: hw.ID, FFNHardware: hw.ID, GPUs: gpus,
		TotalBatch: float64(p.BatchPerGPU * gpus), MicroBatches: mb,
		SequencesPerAttentionGPU: b, FFNTokens: b * float64(gpus),
	}
	prof := p.Assumptions.Profile
	net := p.Assumptions.Network
	for i, k := range kinds {
		aops, err := AttentionOps(m.Hidden, akinds[i], hw, prof, AttentionStep{Sequences: b, Context: p.Context, GPUs: 1, Parallel: DataParallel})
		if err != nil {
			return DeployResult{}, fmt.Errorf("model %s: ep attention: %w", m.ID, err)
		}
		fs := FFNStep{Tokens: b * float64(gpus), GPUs: gpus}
		moe := k.Layer.FFN.Kind == model.MoE
		if !moe {
			fs = FFNStep{Tokens: b, GPUs: 1}
		}
		fops, err := FFNOps(m.Hidden, k, hw, prof, fs)
		if err != nil {
			return DeployResult{}, fmt.Errorf("model %s: ep over %d GPUs: %w", m.ID, gpus, err)
		}
		l := DeployLayer{Kind: k.Name, Layers: k.Count(), Attention: opsSeconds(aops), FFN: opsSeconds(fops)}
		if moe && off > 0 {
			pairs := b * float64(k.Layer.FFN.TopK) * off
			l.Dispatch = net.transfer(pairs*net.DispatchBytesPerToken(m.Hidden), nic)
			l.Combine = net.transfer(pairs*CombineBytesPerToken(m.Hidden), nic)
			l.Communication = l.Dispatch.add(l.Combine)
		}
		compute := l.Attention.add(l.FFN)
		names := []string{StageCompute, StageCommunication}
		l.BindingStage = binding(names, []float64{compute.Calibrated, l.Communication.Calibrated})
		l.BindingStageIdeal = binding(names, []float64{compute.Ideal, l.Communication.Ideal})
		if mb == 1 {
			l.Period = compute.add(l.Communication)
		} else {
			l.Period = maxStage(compute, l.Communication).scale(float64(mb))
		}
		r.Layers = append(r.Layers, l)
	}
	r.AttentionGPUMemoryBytes = AttentionWeightBytes(m, akinds) +
		float64(p.BatchPerGPU)*KVBytesPerSequence(akinds, p.Context) +
		FFNWeightBytesPerGPU(m, kinds, gpus, 1)
	r.AttentionGPUUsableBytes = hw.MemoryBytes * p.Assumptions.MemoryUsableFraction
	r.FFNGPUUsableBytes = r.AttentionGPUUsableBytes
	r.finish(float64(gpus) * hw.PriceUSDPerHour)
	return r, nil
}
