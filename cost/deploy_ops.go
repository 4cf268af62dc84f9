package cost

import (
	"math"
	"strings"

	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// The complete op list of a serving decode step (issue 12 item 3), per layer kind and per
// step, as the deployment evaluation prices it. Each op scales with one token count of the
// plan (tokenVar); its shape coefficients are resolved once per search.
//
// It is a superset of the roofline's list (AttentionOps, FFNOps: the weight GEMMs, the
// indexer, the core, the router), adding the small ops (norms, RoPE, KV store, quantisation,
// SiLU·mul, permute/sum, MLA's absorbed matmuls) and the per-step ops. The two lists are
// kept apart on purpose: the roofline's is the per-layer view of one GPU at any t (an Op
// with its tokens multiplied in), this one is per unit of token count for a search of
// millions of plans. What they share is written once: activation and router formats
// (ActivationFormat, RouterFormat), inputBytesPerElement, coreActivationElements,
// indexerActivationBytes, the kernel shapes (coreShape, indexerShape) and the experts read
// (expectedActive); a GEMM's 2·In·Out FLOPs and In·Out weights appear in both forms.

// tokenVar names the count an op scales with.
type tokenVar uint8

const (
	// tokAttention: tokens on one attention GPU per micro-batch, b·(1+K).
	tokAttention tokenVar = iota
	// tokRouted: token–expert pairs on one FFN GPU per micro-batch (the busiest GPU's in
	// calibrated times, the mean in ideal ones).
	tokRouted
	// tokShared: tokens through the shared experts on one FFN GPU per micro-batch.
	tokShared
	// tokDense: tokens through a dense FFN (its tensor-parallel shard) on one GPU per
	// micro-batch.
	tokDense
	// tokStep: tokens of every micro-batch on one attention GPU (per-step ops).
	tokStep
	numTokenVars
)

// pool says which GPU an op runs on.
type pool uint8

const (
	poolAttention pool = iota
	poolFFN
)

// stepOp is one op of the step, resolved for a card.
type stepOp struct {
	name  string
	phase Phase
	tok   tokenVar
	pool  pool
	r     roof
	// flopsPerToken: FLOPs per unit of tok. weightBytes: bytes read once (for routed experts,
	// per active expert). bytesPerToken: activations per unit of tok. bytesPerSequence:
	// cache read per sequence (attention core).
	flopsPerToken, weightBytes, bytesPerToken, bytesPerSequence float64
	routed                                                      bool
}

// act is the bytes of elements activations in ActivationFormat (BF16, 2 bytes each): the one
// home of the small ops' activation size.
func act(elements float64) float64 { return elements * ActivationFormat.Bytes() }

// elementwiseBytesPerToken of the fused residual add + RMSNorm: read the input and the
// residual, write the normalised output and the new residual, BF16: 4·H·2.
func fusedNormBytes(width int) float64 { return act(4 * float64(width)) }

// quantizeBytes is one per-token-group FP8 quantisation of width elements: read BF16, write
// FP8 plus one FP32 scale per DefaultScaleGroup (128) elements, the 1×128 blocks the
// dispatch sends (the GEMM kernels' own group: --scale-group changes only the dispatch's).
func quantizeBytes(width int) float64 {
	w := float64(width)
	return act(w) + w*precision.FP8.Bytes() + precision.FP32.Bytes()*math.Ceil(w/DefaultScaleGroup)
}

// kindFormats are the serving formats of one layer kind.
type kindFormats struct {
	gemmWeights, gemmCompute       precision.Format
	kv, core                       precision.Format
	expertWeights, expertCompute   precision.Format
	denseWeights, denseCompute     precision.Format
	lmHead, dispatch, combine      precision.Format
	attentionWeightBytesPerElement float64
}

// formatsOf resolves the serving formats of attention kind ak (its attention overrides
// applied) and FFN kind fk (the model's) under sp.
func formatsOf(ak, fk model.LayerPrecision, sp ServingPrecision) kindFormats {
	or := func(f, def precision.Format) precision.Format {
		if f != "" {
			return f
		}
		return def
	}
	f := kindFormats{
		gemmWeights: or(sp.GEMM, ak.Weights), gemmCompute: or(sp.GEMM, ak.Compute),
		kv: or(sp.KV, ak.Cache), core: or(sp.AttentionCore, ak.Compute),
		expertWeights: or(sp.Experts, fk.Weights), expertCompute: or(sp.Experts, fk.Compute),
		denseWeights: or(sp.GEMM, fk.Weights), denseCompute: or(sp.GEMM, fk.Compute),
		lmHead: sp.LMHead, dispatch: sp.Dispatch, combine: sp.Combine,
	}
	f.attentionWeightBytesPerElement = f.gemmWeights.Bytes()
	return f
}

// opBuilder appends the ops of a layer kind for one pricer pair.
type opBuilder struct {
	ops     []stepOp
	attn    *pricer
	ffn     *pricer
	hidden  int
	context int
}

func (b *opBuilder) pricerOf(p pool) *pricer {
	if p == poolFFN {
		return b.ffn
	}
	return b.attn
}

// elementwise adds a small op of bytesPerToken.
func (b *opBuilder) elementwise(name string, ph Phase, tok tokenVar, p pool, bytesPerToken float64) {
	r := b.pricerOf(p).roofFor(ActivationFormat, classElementwise)
	b.ops = append(b.ops, stepOp{name: name, phase: ph, tok: tok, pool: p, r: r, bytesPerToken: bytesPerToken})
}

// gemm adds a GEMM in×out with weights in w computing in c, and the activation quantisation
// before it when the card computes it in FP8 or FP4.
func (b *opBuilder) gemm(name string, ph Phase, tok tokenVar, p pool, in, out int, w, c precision.Format) {
	r := b.pricerOf(p).roofFor(c, classGEMM)
	r.n, r.k = out, in
	b.pricerOf(p).probe(&r, 0)
	if r.compute == precision.FP8 || r.compute == precision.FP4 {
		b.elementwise(name+".quantize", ph, tok, p, quantizeBytes(in))
	}
	inB := inputBytesPerElement(r.compute)
	b.ops = append(b.ops, stepOp{name: name, phase: ph, tok: tok, pool: p, r: r,
		flopsPerToken: 2 * float64(in) * float64(out), weightBytes: float64(in) * float64(out) * w.Bytes(),
		bytesPerToken: float64(in)*inB + float64(out)*ActivationFormat.Bytes()})
}

// bmm adds one of absorbed MLA's batched matmuls on the attention pool: per head an in×out
// slice of kv_b_proj (W_UK or W_UV) in the core format c; per token 2·heads·in·out FLOPs and
// heads·(in + out) BF16 activations in and out.
func (b *opBuilder) bmm(name string, ph Phase, heads, in, out float64, c precision.Format) {
	r := b.attn.roofFor(c, classRoofline)
	b.ops = append(b.ops, stepOp{name: name, phase: ph, tok: tokAttention, r: r,
		flopsPerToken: 2 * heads * in * out, weightBytes: heads * in * out * c.Bytes(),
		bytesPerToken: act(heads*in) + act(heads*out)})
}

// attentionOps adds the attention ops of kind ak (prepare, then core) and, for an MoE layer,
// its router and top-k, on the attention pool.
func (b *opBuilder) attentionOps(ak model.LayerKind, f kindFormats) {
	a := ak.Layer.Attention
	h := b.hidden
	pre, core := PhaseAttentionPrepare, PhaseAttentionCore
	b.elementwise("input_norm", pre, tokAttention, poolAttention, fusedNormBytes(h))
	projs := a.Projections(h)
	// The projections that read the layer input run as one fused GEMM (qkv_proj; MLA's
	// q_a_proj + kv_a_proj), as serving engines fuse them.
	var fusedNames []string
	fusedOut := 0
	for _, p := range projs {
		if p.In == h && p.Name != "o_proj" {
			fusedNames = append(fusedNames, p.Name)
			fusedOut += p.Out
		}
	}
	if fusedOut > 0 {
		b.gemm(strings.Join(fusedNames, "+"), pre, tokAttention, poolAttention, h, fusedOut, f.gemmWeights, f.gemmCompute)
	}
	if a.QKNorm {
		// Per-head RMSNorm of the queries and the keys (Qwen3's q_norm, k_norm), read and
		// written in BF16.
		b.elementwise("q_norm", pre, tokAttention, poolAttention, act(2*float64(a.Heads*a.HeadDim)))
		b.elementwise("k_norm", pre, tokAttention, poolAttention, act(2*float64(a.KVHeadCount()*a.HeadDim)))
	}
	mla := a.Kind == model.MLA || a.Kind == model.MLADSA
	if mla {
		if a.QueryRank > 0 {
			b.elementwise("q_a_norm", pre, tokAttention, poolAttention, act(2*float64(a.QueryRank)))
		}
		b.elementwise("kv_a_norm", pre, tokAttention, poolAttention, act(2*float64(a.KVRank)))
	}
	for _, p := range projs {
		if p.In == h || p.Name == "o_proj" || (mla && p.Name == "kv_b_proj") {
			continue
		}
		b.gemm(p.Name, pre, tokAttention, poolAttention, p.In, p.Out, f.gemmWeights, f.gemmCompute)
	}
	if mla {
		// Absorbed MLA: kv_b_proj's W_UK turns each head's no-RoPE query into the latent
		// space (a batched matmul over heads) before the core, W_UV turns the core's latent
		// output into values after it.
		b.bmm("q_absorb (W_UK bmm)", pre, float64(a.Heads), float64(a.NopeDim), float64(a.KVRank), f.core)
	}
	ropeElems := 0.0
	switch a.Kind {
	case model.MLA, model.MLADSA:
		ropeElems = float64((a.Heads + 1) * a.RopeDim)
	case model.GQA, model.MFA:
		ropeElems = float64((a.Heads + a.KVHeadCount()) * a.HeadDim)
	}
	if ropeElems > 0 {
		b.elementwise("rope", pre, tokAttention, poolAttention, act(2*ropeElems))
	}
	if c := a.CachedElementsPerToken(); c > 0 {
		b.elementwise("kv_store", core, tokAttention, poolAttention, 2*c*f.kv.Bytes())
	}
	// The core: FLOPs per token at C; the KV cache read once per sequence whatever the query
	// length (MTP verifies 1+K tokens against one read); q in and o out in BF16.
	l := ak.Layer
	l.Precision.Cache, l.Precision.Compute = f.kv, f.core
	c := l.CountsAt(h, b.context, model.CountOptions{})
	qe, oe := coreActivationElements(a)
	if a.HasIndexer() {
		// DeepSeek sparse attention's lightning indexer over every cached index key
		// (roofline_attention.go's indexer op), per token.
		// The index keys are read once per sequence whatever the query length, as the core's
		// KV cache.
		ish := indexerShape(a, 0, b.context)
		r := b.attn.roofFor(f.core, ish.class)
		r.tableDType, r.heads, r.context = ish.tableFormat, ish.heads, ish.context
		b.ops = append(b.ops, stepOp{name: "indexer", phase: core, tok: tokAttention, r: r,
			flopsPerToken: c.IndexerFLOPs, bytesPerSequence: c.IndexerBytes, bytesPerToken: indexerActivationBytes(a, b.context)})
	}
	sh := coreShape(a, 0, b.context, f.kv)
	r := b.attn.roofFor(f.core, sh.class)
	r.tableDType, r.heads, r.kvHeads, r.headDim, r.context, r.topK = sh.tableFormat, a.Heads, a.KVHeadCount(), a.HeadDim, sh.context, sh.topK
	b.attn.probeLayout(&r)
	b.ops = append(b.ops, stepOp{name: "attention_core", phase: core, tok: tokAttention, r: r,
		flopsPerToken: c.AttentionFLOPs, bytesPerSequence: c.KVBytes, bytesPerToken: (qe + oe) * ActivationFormat.Bytes(),
		weightBytes: a.ConvWeights() * GDNKernelFormat.Bytes()})
	if mla {
		b.bmm("o_absorb (W_UV bmm)", core, float64(a.Heads), float64(a.KVRank), float64(a.ValueDim), f.core)
	}
	for _, p := range projs {
		if p.Name == "o_proj" {
			b.gemm(p.Name, core, tokAttention, poolAttention, p.In, p.Out, f.gemmWeights, f.gemmCompute)
		}
	}
	b.elementwise("post_attention_norm", core, tokAttention, poolAttention, fusedNormBytes(h))
	if fn := ak.Layer.FFN; fn.Kind == model.MoE {
		b.gemm("router", core, tokAttention, poolAttention, h, fn.Experts, RouterFormat, RouterFormat)
		// top-k over the FP32 router logits: read E logits, write k int32 indices and k FP32
		// weights.
		b.elementwise("topk", core, tokAttention, poolAttention, float64(fn.Experts)*precision.FP32.Bytes()+float64(fn.TopK)*(indexBytes+precision.FP32.Bytes()))
	}
}

// swiglu adds gate_up, SiLU·mul and down of width on tok, on the FFN pool; grouped says a
// routed experts' grouped GEMM (weights per active expert).
func (b *opBuilder) swiglu(prefix string, ph Phase, tok tokenVar, width int, w, c precision.Format, grouped bool) {
	h := b.hidden
	if !grouped {
		b.gemm(prefix+"_gate_up", ph, tok, poolFFN, h, 2*width, w, c)
		r := b.ffn.roofFor(c, classGEMM)
		b.elementwise(prefix+"_silu_mul", ph, tok, poolFFN, act(2*float64(width))+float64(width)*inputBytesPerElement(r.compute))
		b.gemm(prefix+"_down", ph, tok, poolFFN, width, h, w, c)
		return
	}
	// Routed experts: the dispatch delivers FP8 activations (quantised in the dispatch
	// kernel) and SiLU·mul writes the down projection's quantised input (fused, as DeepEP's
	// masked layout does), so there is no quantisation op of their own.
	for i, sh := range [][2]int{{h, 2 * width}, {width, h}} {
		r := b.ffn.roofFor(c, classGroupedGEMM)
		r.n, r.k = sh[1], sh[0]
		name := prefix + "_gate_up"
		if i == 1 {
			name = prefix + "_down"
		}
		inB := inputBytesPerElement(r.compute)
		b.ops = append(b.ops, stepOp{name: name, phase: ph, tok: tok, pool: poolFFN, r: r, routed: true,
			flopsPerToken: 2 * float64(sh[0]) * float64(sh[1]), weightBytes: float64(sh[0]) * float64(sh[1]) * w.Bytes(),
			bytesPerToken: float64(sh[0])*inB + float64(sh[1])*ActivationFormat.Bytes()})
		if i == 0 {
			b.elementwise(prefix+"_silu_mul", ph, tok, poolFFN, act(2*float64(width))+float64(width)*inB)
		}
	}
}

// ffnOps adds the FFN ops of kind k: routed experts (PhaseExperts) and shared experts
// (PhaseShared) of an MoE, or a dense FFN's shard of 1/denseGPUs of the width (PhaseExperts).
// fusedAllToAll says the all-to-all is priced from a DeepEP-style table whose kernels permute
// and sum the tokens themselves.
func (b *opBuilder) ffnOps(k model.LayerKind, f kindFormats, denseGPUs int, fusedAllToAll bool) {
	fn := k.Layer.FFN
	if fn.Kind == model.Dense {
		b.swiglu("dense", PhaseExperts, tokDense, fn.Width/max(1, denseGPUs), f.denseWeights, f.denseCompute, false)
		return
	}
	if !fusedAllToAll {
		// Without DeepEP-style all-to-all kernels (which permute tokens by expert in the
		// dispatch and sum the top-k outputs in the combine), the MoE runs its own: align the
		// received pairs by expert, and sum each token's k weighted outputs.
		b.elementwise("routed_permute", PhaseExperts, tokRouted, poolFFN, act(2*float64(b.hidden)))
	}
	b.swiglu("routed", PhaseExperts, tokRouted, fn.ExpertWidth, f.expertWeights, f.expertCompute, true)
	if !fusedAllToAll {
		b.elementwise("routed_sum", PhaseExperts, tokRouted, poolFFN, act(float64(b.hidden))+act(float64(b.hidden))/float64(fn.TopK))
	}
	if fn.SharedExperts > 0 {
		b.swiglu("shared", PhaseShared, tokShared, fn.SharedExperts*fn.SharedExpertWidth(), f.denseWeights, f.denseCompute, false)
	}
}

// stepOps are the per-step ops on an attention GPU over all its sequences' tokens: the
// embedding gather, the final norm, the LM head and sampling; with mtp, the MTP module's own
// (embedding, the two norms, the 2H→H projection before its layers; final norm, LM head,
// sampling after) — prefix "mtp_".
func (b *opBuilder) stepOps(m *model.Model, f kindFormats, prefix string, mtp bool) {
	h := b.hidden
	b.elementwise(prefix+"embedding", 0, tokStep, poolAttention, act(2*float64(h)))
	if mtp {
		b.elementwise(prefix+"enorm", 0, tokStep, poolAttention, act(2*float64(h)))
		b.elementwise(prefix+"hnorm", 0, tokStep, poolAttention, act(2*float64(h)))
		b.gemm(prefix+"eh_proj", 0, tokStep, poolAttention, 2*h, h, f.gemmWeights, f.gemmCompute)
	}
}

// headOps: final norm, LM head, sampling.
func (b *opBuilder) headOps(m *model.Model, f kindFormats, prefix string) {
	h := b.hidden
	b.elementwise(prefix+"final_norm", 0, tokStep, poolAttention, fusedNormBytes(h))
	b.gemm(prefix+"lm_head", 0, tokStep, poolAttention, h, m.Vocab, f.lmHead, f.lmHead)
	b.elementwise(prefix+"sampling", 0, tokStep, poolAttention, float64(m.Vocab)*precision.FP32.Bytes())
}
