package cost

import (
	"fmt"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
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
// holds: Heads/g query (or state) heads; GQA and the recurrent kinds keep ⌈KVHeads/g⌉
// key/value heads (at least one, replicated when there are fewer than g); MFA's one K/V head,
// MLA's latent and DeepSeek Sparse Attention's indexer (its one index key per token, its
// heads and its top-k) are unchanged (replicated). g = 1 returns a unchanged.
func AttentionShard(a model.Attention, g int) (model.Attention, error) {
	if g == 1 {
		return a, nil
	}
	if g < 1 || a.Heads%g != 0 {
		return model.Attention{}, fmt.Errorf("tensor-parallel attention: %d heads do not split over %d GPUs", a.Heads, g)
	}
	s := a
	s.Heads = a.Heads / g
	if (a.Kind == model.GQA || a.Recurrent()) && a.KVHeads != 0 {
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
//   - "indexer" for DeepSeek Sparse Attention with its own indexer (mla-dsa): the lightning
//     indexer's scores, weighting and top-k over all C cached index keys: FLOPs t ×
//     model.Attention.IndexerFLOPsPerToken(C); bytes = t × C index keys (FP8) and scales
//     (FP32) + t × (IndexHeads·IndexHeadDim query + IndexHeads weights) in BF16 + t ×
//     min(C, IndexTopK) int32 indices out. Shape for a kernel table: t tokens, C keys,
//     IndexHeads × IndexHeadDim (InferSim's dsa/logits tables);
//   - "attention_core": FLOPs t × the core FLOPs per token at C (model, docs/design.md
//     §counting; for Gated DeltaNet its short convolution and its state update together, as
//     the measured kernels run and time them); bytes = t × the cached bytes per token at C in
//     the cache format (for mla-dsa the min(C, IndexTopK) selected latents: a sparse MLA
//     decode; for a recurrent layer its state, and Gated DeltaNet's convolution state, read
//     and written), plus Gated DeltaNet's ConvChannels·ConvKernel convolution weights in
//     GDNKernelFormat + t ×
//     (q + o) activations in BF16, where q and o are the query width the core reads and the
//     output width it writes (Heads·HeadDim for GQA and MFA; Heads·(NopeDim+RopeDim) and
//     Heads·ValueDim for MLA; q, k and v in and Heads·ValueDim out for the recurrent kinds);
//   - "router" for an MoE layer: the gate H×Experts in BF16 (weights and compute, as FP8
//     checkpoints keep it): FLOPs 2·t·H·E, bytes H·E·2 + t·H·2 + t·E·2.
//
// Everything computes in the layer's compute format (Precision.Compute), or the next wider
// one hw has. Communication (TP all-reduce, AFD dispatch) is not an op here. The deployment
// prices a fuller list of the same layer (deploy_ops.go: these ops plus the small ones),
// sharing the formulas named there.
func AttentionOps(hidden int, k model.LayerKind, hw hardware.Accelerator, p hardware.Profile, s AttentionStep) ([]Op, error) {
	return attentionOps(hidden, k, ownFormats(k), newPricer(hw, p, nil, 0), s)
}

// attentionOps is AttentionOps priced by pr (its tables when it has them) in the formats f:
// the projections in f's GEMM weight and compute formats, the indexer and core computing in
// f.core over a cache in f.kv, as the deployment prices them (formatsOf).
func attentionOps(hidden int, k model.LayerKind, f kindFormats, pr *pricer, s AttentionStep) ([]Op, error) {
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
	compute, _ := pr.hw.Compute(f.gemmCompute)
	in := inputBytesPerElement(compute)
	w := f.gemmWeights.Bytes()
	var ops []Op
	for _, proj := range a.Projections(hidden) {
		ops = append(ops, opOn(pr, k.Name, proj.Name,
			2*tokens*proj.Weights(),
			proj.Weights()*w, 0,
			tokens*float64(proj.In)*in+tokens*float64(proj.Out)*ActivationFormat.Bytes(),
			f.gemmCompute, opShape{class: classGEMM, n: proj.Out, k: proj.In, tokens: tokens}))
	}
	shard := model.Layer{Attention: a, FFN: l.FFN, Precision: l.Precision}
	shard.Precision.Cache, shard.Precision.Compute = f.kv, f.core
	c := shard.CountsAt(hidden, s.Context, model.CountOptions{})
	if a.HasIndexer() {
		ops = append(ops, opOn(pr, k.Name, "indexer",
			tokens*c.IndexerFLOPs, 0, tokens*c.IndexerBytes, tokens*indexerActivationBytes(a, s.Context), f.core, indexerShape(a, tokens, s.Context)))
	}
	q, o := coreActivationElements(a)
	ops = append(ops, opOn(pr, k.Name, "attention_core",
		tokens*c.AttentionFLOPs, a.ConvWeights()*GDNKernelFormat.Bytes(), tokens*c.KVBytes,
		tokens*(q+o)*ActivationFormat.Bytes(), f.core, coreShape(a, tokens, s.Context, f.kv)))
	if l.FFN.Kind == model.MoE {
		gate := l.FFN.RouterWeights(hidden)
		ops = append(ops, opOn(pr, k.Name, "router",
			2*tokens*gate, gate*RouterFormat.Bytes(), 0,
			tokens*float64(hidden+l.FFN.Experts)*RouterFormat.Bytes(), RouterFormat,
			opShape{class: classGEMM, n: l.FFN.Experts, k: hidden, tokens: tokens}))
	}
	return ops, nil
}

// indexBytes is the size of one top-k index the indexer writes (int32).
const indexBytes = 4

// RouterFormat is the format of the MoE router (the H×E gate): its weights, its inputs and
// its arithmetic, BF16 whatever the model's GEMM format, as DeepSeek-V3 and Qwen3 keep it.
const RouterFormat = precision.BF16

// indexerActivationBytes is what the lightning indexer of a reads and writes per token
// besides the index keys at context: its query (IndexHeads × IndexHeadDim) and head weights
// (IndexHeads) in ActivationFormat, and one int32 index per attended token.
func indexerActivationBytes(a model.Attention, context int) float64 {
	in := float64(a.IndexHeads*a.IndexHeadDim+a.IndexHeads) * ActivationFormat.Bytes()
	out := float64(a.AttendedTokens(context)) * indexBytes
	return in + out
}

// coreActivationElements are the per-token query elements the attention core reads and the
// output elements it writes.
func coreActivationElements(a model.Attention) (q, o float64) {
	switch a.Kind {
	case model.MLA, model.MLADSA:
		return float64(a.Heads * (a.NopeDim + a.RopeDim)), float64(a.Heads * a.ValueDim)
	case model.Linear, model.GatedDeltaNet:
		// The state update reads the token's q, k and v (Gated DeltaNet's convolution runs
		// on exactly these channels) and writes o.
		return float64(2*a.KVHeadCount()*a.HeadDim + a.Heads*a.ValueHeadDim()), float64(a.Heads * a.ValueHeadDim())
	}
	return float64(a.Heads * a.HeadDim), float64(a.Heads * a.HeadDim)
}

// coreShape is how the attention core of a looks itself up in a kernel table: MLA's in the
// MLA decode tables and sparse MLA's in the sparse MLA decode tables (FlashMLA's 512 + 64
// latent only; the sparse table's axes are the whole context and the top-k), GQA's and
// MFA's in the GQA decode tables, Gated DeltaNet's in the GDN decode tables (value heads and
// batch; BF16, the format its kernels run in whatever the GEMMs'); Lightning is priced from
// the profile.
func coreShape(a model.Attention, sequences float64, context int, kv precision.Format) opShape {
	sh := opShape{class: classRoofline, sequences: sequences, queryLen: 1, heads: a.Heads, kvHeads: a.KVHeadCount(),
		hdim: a.HeadDim, context: a.AttendedTokens(context), tableFormat: kv}
	latent := a.KVRank == kernels.MLALatentDim && a.RopeDim == kernels.MLARopeDim
	switch a.Kind {
	case model.MLA:
		if latent {
			sh.class = classMLA
		}
	case model.MLADSA:
		if latent {
			sh.class, sh.context, sh.topK = classSparseMLA, context, a.IndexTopK
		}
	case model.GQA, model.MFA:
		sh.class = classGQA
	case model.GatedDeltaNet:
		sh.class, sh.tableFormat = classGDN, GDNKernelFormat
	}
	return sh
}

// GDNKernelFormat is the format Gated DeltaNet's decode kernels (fla's Triton kernels)
// compute in, BF16 activations over the FP32 state, whatever the model's GEMM format: the
// GDN kernel tables are looked up in it.
const GDNKernelFormat = precision.BF16

// indexerShape is how the lightning indexer of a looks itself up in a kernel table: indexer
// heads, the sequences' query tokens and all C cached index keys, in the index key format.
func indexerShape(a model.Attention, sequences float64, context int) opShape {
	return opShape{class: classDSAIndexer, sequences: sequences, queryLen: 1, heads: a.IndexHeads,
		context: context, tableFormat: model.IndexKeyFormat}
}
