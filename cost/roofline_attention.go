package cost

import (
	"fmt"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// Parallelism is how a group of GPUs shares the attention of a decode step.
type Parallelism string

const (
	// DataParallel attention: every GPU holds all attention weights and decodes its own
	// share (b/g) of the sequences, with their KV cache.
	DataParallel Parallelism = "dp"
	// TensorParallel attention: heads and weights split over the g GPUs, every GPU sees all b
	// sequences. Query heads and the matrices that produce or consume them are split; a
	// key/value head is never split, so with fewer KV heads than GPUs each GPU keeps one, and
	// MFA's single K/V head and MLA's single latent (and their projections, and the low-rank
	// query down-projections) are replicated on every GPU.
	TensorParallel Parallelism = "tp"
)

// ParseParallelism reads "dp" or "tp".
func ParseParallelism(s string) (Parallelism, error) {
	switch p := Parallelism(strings.ToLower(strings.TrimSpace(s))); p {
	case DataParallel, TensorParallel:
		return p, nil
	}
	return "", fmt.Errorf("unknown attention parallelism %q (want dp or tp)", s)
}

// AttentionStep is the attention work of one decode step of a group of GPUs.
type AttentionStep struct {
	// Sequences is b, the sequences the whole group decodes in the step (one new token
	// each). It may be fractional, as an average (b/g under data parallelism need not be
	// whole).
	Sequences float64
	// Context is C, the tokens already cached per sequence.
	Context int
	// GPUs is g, the size of the group (≥ 1).
	GPUs int
	// Parallel is how the group shares the attention; "" means DataParallel.
	Parallel Parallelism
}

// Validate reports the first unusable field.
func (s AttentionStep) Validate() error {
	if err := positive("attention step: sequences", s.Sequences); err != nil {
		return err
	}
	if err := checkContext(s.Context); err != nil {
		return fmt.Errorf("attention step: %w", err)
	}
	if s.GPUs < 1 {
		return fmt.Errorf("attention step: gpus must be at least 1, got %d", s.GPUs)
	}
	if s.Parallel != "" && s.Parallel != DataParallel && s.Parallel != TensorParallel {
		return fmt.Errorf("attention step: unknown parallelism %q (want dp or tp)", s.Parallel)
	}
	return nil
}

// AttentionShard is the part of attention a that one GPU of a tensor-parallel group of g
// holds: Heads/g query (or state) heads; GQA and linear attention keep ⌈KVHeads/g⌉ key/value
// heads (at least one, replicated when there are fewer than g); MFA's one K/V head and MLA's
// latent are unchanged (replicated). g = 1 returns a unchanged.
func AttentionShard(a model.Attention, g int) (model.Attention, error) {
	if g == 1 {
		return a, nil
	}
	if g < 1 || a.Heads%g != 0 {
		return model.Attention{}, fmt.Errorf("tensor-parallel attention: %d heads do not split over %d GPUs", a.Heads, g)
	}
	s := a
	s.Heads = a.Heads / g
	if (a.Kind == model.GQA || a.Kind == model.Linear) && a.KVHeads != 0 {
		kv := a.KVHeads
		if kv >= g && kv%g != 0 {
			return model.Attention{}, fmt.Errorf("tensor-parallel attention: %d kv heads do not split over %d GPUs", kv, g)
		}
		s.KVHeads = (kv + g - 1) / g
	}
	return s, nil
}

// AttentionOps lists the operations of the attention of one layer of kind k (a model of
// hidden size hidden) for one decode step, on one GPU of the group in s, timed on hw under
// profile p. With t tokens on the GPU (b/g under data parallelism, b under tensor
// parallelism) and the GPU's share of the attention (AttentionShard):
//
//   - one op per projection matrix In×Out (model.Attention.Projections), named as the
//     matrix: FLOPs 2·t·In·Out; bytes = In·Out weights in the layer's weight format + t·In
//     input activations (in the compute format when it is narrower than BF16, else BF16) +
//     t·Out output activations in BF16;
//   - "attention_core": FLOPs t × the core FLOPs per token at C (model, DESIGN §3); bytes =
//     t × the cached bytes per token at C in the cache format (plus a linear layer's state,
//     read and written, in the state format) + t × (q + o) activations in BF16, where q and o
//     are the query width the core reads and the output width it writes (Heads·HeadDim for
//     GQA and MFA; Heads·(NopeDim+RopeDim) and Heads·ValueDim for MLA);
//   - "router" for an MoE layer: the gate H×Experts in BF16 (weights and compute, as FP8
//     checkpoints keep it): FLOPs 2·t·H·E, bytes H·E·2 + t·H·2 + t·E·2.
//
// Everything computes in the layer's compute format (Precision.Compute), or the next wider
// one hw has. Communication (TP all-reduce, AFD dispatch) is not an op here.
func AttentionOps(hidden int, k model.LayerKind, hw hardware.Accelerator, p hardware.Profile, s AttentionStep) ([]Op, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := k.Layer.Validate(); err != nil {
		return nil, fmt.Errorf("layer kind %s: %w", k.Name, err)
	}
	l := k.Layer
	a := l.Attention
	tokens := s.Sequences / float64(s.GPUs)
	if s.Parallel == TensorParallel {
		var err error
		if a, err = AttentionShard(l.Attention, s.GPUs); err != nil {
			return nil, fmt.Errorf("layer kind %s: %w", k.Name, err)
		}
		tokens = s.Sequences
	}
	compute, _ := hw.Compute(l.Precision.Compute)
	in := inputBytesPerElement(compute)
	w := l.Precision.Weights.Bytes()
	var ops []Op
	for _, pr := range a.Projections(hidden) {
		ops = append(ops, opOn(&hw, &p, k.Name, pr.Name,
			2*tokens*pr.Weights(),
			pr.Weights()*w, 0,
			tokens*float64(pr.In)*in+tokens*float64(pr.Out)*OutputBytesPerElement,
			l.Precision.Compute))
	}
	shard := model.Layer{Attention: a, FFN: l.FFN, Precision: l.Precision}
	c := shard.CountsAt(hidden, s.Context, model.CountOptions{})
	q, o := coreActivationElements(a)
	ops = append(ops, opOn(&hw, &p, k.Name, "attention_core",
		tokens*c.AttentionFLOPs, 0, tokens*c.KVBytes,
		tokens*(q+o)*OutputBytesPerElement, l.Precision.Compute))
	if l.FFN.Kind == model.MoE {
		gate := l.FFN.RouterWeights(hidden)
		ops = append(ops, opOn(&hw, &p, k.Name, "router",
			2*tokens*gate, gate*precision.BF16.Bytes(), 0,
			tokens*float64(hidden+l.FFN.Experts)*precision.BF16.Bytes(), precision.BF16))
	}
	return ops, nil
}

// coreActivationElements are the per-token query elements the attention core reads and the
// output elements it writes.
func coreActivationElements(a model.Attention) (q, o float64) {
	switch a.Kind {
	case model.MLA:
		return float64(a.Heads * (a.NopeDim + a.RopeDim)), float64(a.Heads * a.ValueDim)
	case model.Linear:
		return float64(a.KVHeadCount() * a.HeadDim), float64(a.Heads * a.ValueHeadDim())
	}
	return float64(a.Heads * a.HeadDim), float64(a.Heads * a.HeadDim)
}
