package cost

import (
	"fmt"
	"math"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// FFNStep is the FFN work of one decode step on a pool of GPUs.
type FFNStep struct {
	// Tokens is T, the tokens the pool processes in the step (one per sequence decoded). It
	// may be fractional, as an average.
	Tokens float64
	// GPUs is G, the size of the pool (≥ 1): routed experts are spread over it by expert
	// parallelism, a dense FFN is split over it by tensor parallelism.
	GPUs int
}

// Validate reports the first unusable field.
func (s FFNStep) Validate() error {
	if err := positive("ffn step: tokens", s.Tokens); err != nil {
		return err
	}
	if s.GPUs < 1 {
		return fmt.Errorf("ffn step: gpus must be at least 1, got %d", s.GPUs)
	}
	return nil
}

// ExpectedActiveExperts is the expected number of a GPU's experts that receive at least one
// of T tokens when each token picks topK of experts routed experts uniformly and the GPU
// holds perGPU of them: perGPU·(1 − (1 − topK/experts)^T) (docs/design.md §roofline).
func ExpectedActiveExperts(perGPU, experts, topK int, tokens float64) float64 {
	return expectedActive(float64(perGPU), float64(topK)/float64(experts), tokens)
}

// expectedActive is the one formula for the experts (or expert replicas) a GPU reads the
// weights of: of the local it holds, the expected number that receive at least one of T
// tokens when each token lands on each of them with probability p, local·(1 − (1 − p)^T). A
// token picks k distinct experts, so it lands on one replica at most once: p = k/E for E
// experts (the roofline), k/(E + R) with R redundant replicas sharing their experts' tokens,
// and pairs/(local·T) for a GPU that receives pairs token–expert pairs (the deployment's
// mean and busiest GPU, deployActive). p ≥ 1 makes every local one active.
func expectedActive(local, p, tokens float64) float64 {
	if local <= 0 || tokens <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return local
	}
	return local * -math.Expm1(tokens*math.Log1p(-p))
}

// FFNOps lists the operations of the FFN of one layer of kind k (a model of hidden size
// hidden) for one decode step of T tokens on a pool of G GPUs, on one GPU of the pool,
// timed on hw under profile p. A SwiGLU block of width I is two GEMMs: gate_up (H → 2·I)
// and down (I → H); the activation between them is not counted. Weights are in the layer's
// weight format, input activations in the compute format when it is narrower than BF16
// (else BF16), outputs in BF16; everything computes in the layer's compute format or the
// next wider one hw has.
//
// MoE, experts spread by expert parallelism: the GPU holds E/G routed experts (an average
// when G does not divide E; G may not exceed E, expert replication is not modelled) and
// receives r = T·k/G token-expert pairs. Of its experts, a = (E/G)·(1 − (1 − k/E)^T) are
// expected to receive a token, and only their weights are read.
//
//   - "routed_gate_up": FLOPs 2·r·H·2I, bytes a·H·2I weights + r·H inputs + r·2I outputs;
//   - "routed_down": FLOPs 2·r·I·H, bytes a·I·H weights + r·I inputs + r·H outputs;
//   - shared experts (n of width I_s, taken together as one expert of width n·I_s) are on
//     every GPU, each GPU running its T/G tokens through them: "shared_gate_up" and
//     "shared_down" as above with T/G tokens and all shared weights read.
//
// Dense, tensor-parallel: each GPU holds W/G of the width and runs all T tokens:
// "dense_gate_up" FLOPs 2·T·H·2W/G, bytes H·2W/G weights + T·H inputs + T·2W/G outputs;
// "dense_down" FLOPs 2·T·(W/G)·H, bytes (W/G)·H weights + T·(W/G) inputs + T·H outputs.
// The TP all-reduce and the EP dispatch/combine are communication, not ops here.
func FFNOps(hidden int, k model.LayerKind, hw hardware.Accelerator, p hardware.Profile, s FFNStep) ([]Op, error) {
	return ffnOps(hidden, k, ownFormats(k), newPricer(hw, p, nil, 0), s)
}

// ffnOps is FFNOps priced by pr (its tables when it has them) in the formats f: routed
// experts in f's expert formats, shared experts and a dense FFN in its dense ones, as the
// deployment prices them (formatsOf).
func ffnOps(hidden int, k model.LayerKind, fm kindFormats, pr *pricer, s FFNStep) ([]Op, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := k.Layer.Validate(); err != nil {
		return nil, fmt.Errorf("layer kind %s: %w", k.Name, err)
	}
	f := k.Layer.FFN
	h := float64(hidden)
	g := float64(s.GPUs)
	// swiglu returns the gate_up and down ops of `tokens` tokens through `experts` (expected
	// active) experts of width `width`, the tokens spread over them.
	swiglu := func(prefix string, tokens, experts, width, local float64, wf, cf precision.Format) []Op {
		compute, _ := pr.hw.Compute(cf)
		in := inputBytesPerElement(compute)
		w := wf.Bytes()
		gu := opShape{class: classGEMM, n: int(2 * width), k: hidden, tokens: tokens}
		dn := opShape{class: classGEMM, n: hidden, k: int(width), tokens: tokens}
		if local > 0 {
			gu.class, dn.class = classGroupedGEMM, classGroupedGEMM
			gu.tokens, dn.tokens = tokens/local, tokens/local
			gu.localExperts, dn.localExperts = local, local
		}
		return []Op{
			opOn(pr, k.Name, prefix+"_gate_up", 2*tokens*h*2*width,
				experts*h*2*width*w, 0, tokens*h*in+tokens*2*width*ActivationFormat.Bytes(), cf, gu),
			opOn(pr, k.Name, prefix+"_down", 2*tokens*width*h,
				experts*width*h*w, 0, tokens*width*in+tokens*h*ActivationFormat.Bytes(), cf, dn),
		}
	}
	if f.Kind == model.Dense {
		return swiglu("dense", s.Tokens, 1, float64(f.Width)/g, 0, fm.denseWeights, fm.denseCompute), nil
	}
	if s.GPUs > f.Experts {
		return nil, fmt.Errorf("layer kind %s: %d FFN GPUs exceed the %d routed experts (expert replication is not modelled)", k.Name, s.GPUs, f.Experts)
	}
	active := expectedActive(float64(f.Experts)/g, float64(f.TopK)/float64(f.Experts), s.Tokens)
	pairs := s.Tokens * float64(f.TopK) / g
	ops := swiglu("routed", pairs, active, float64(f.ExpertWidth), float64(f.Experts)/g, fm.expertWeights, fm.expertCompute)
	if f.SharedExperts > 0 {
		ops = append(ops, swiglu("shared", s.Tokens/g, 1, float64(f.SharedExperts*f.SharedExpertWidth()), 0, fm.denseWeights, fm.denseCompute)...)
	}
	return ops, nil
}
