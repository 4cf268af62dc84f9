package reference

import (
	"math"

	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// MLAWeights are multi-head latent attention's projections (DeepSeek-V2/V3), named as in
// DeepSeek's code. With n heads, q_lora rank r_q, kv_lora rank c, RoPE width p, per-head
// no-RoPE width d_n and value width d_v:
//
//	q_a_proj  H×r_q, then an RMS norm, then q_b_proj r_q×n·(d_n+p)   (or q_proj H×n·(d_n+p))
//	kv_a_proj H×(c+p): the latent c_KV (RMS-normed) and the shared RoPE key k_R
//	kv_b_proj c×n·(d_n+d_v): per head h, W_UK_h (c×d_n) then W_UV_h (c×d_v)
//	o_proj    n·d_v×H
type MLAWeights struct {
	QA      *mat.Dense // nil when the query is full-rank
	QANorm  []float64
	QB      *mat.Dense
	Q       *mat.Dense // the full-rank query, when QA is nil
	KVA     *mat.Dense
	KVANorm []float64
	KVB     *mat.Dense
	O       *mat.Dense
}

// wUK and wUV are head h's views into kv_b_proj: W_UK_h (c×d_n) up-projects the latent to the
// head's no-RoPE key, W_UV_h (c×d_v) to its value.
func (w MLAWeights) wUK(a model.Attention, h int) mat.Matrix {
	per := a.NopeDim + a.ValueDim
	return w.KVB.Slice(0, a.KVRank, h*per, h*per+a.NopeDim)
}

func (w MLAWeights) wUV(a model.Attention, h int) mat.Matrix {
	per := a.NopeDim + a.ValueDim
	return w.KVB.Slice(0, a.KVRank, h*per+a.NopeDim, (h+1)*per)
}

// mlaQuery returns q (1×n·(d_n+p)), per head [q_nope_h | q_rope_h].
func mlaQuery(m *Meter, w MLAWeights, x *mat.Dense) *mat.Dense {
	q, _ := mlaQueryLatent(m, w, x)
	return q
}

// mlaQueryLatent returns q and the RMS-normed query latent c_Q it was made from (x itself
// when the query is full-rank), which DeepSeek Sparse Attention's indexer reads.
func mlaQueryLatent(m *Meter, w MLAWeights, x *mat.Dense) (*mat.Dense, *mat.Dense) {
	if w.QA == nil {
		return m.Project(AttentionLinear, "q_proj", x, w.Q), x
	}
	cq := rmsNorm(m.Project(AttentionLinear, "q_a_proj", x, w.QA), w.QANorm)
	return m.Project(AttentionLinear, "q_b_proj", cq, w.QB), cq
}

// mlaLatent returns what one token caches: [RMSNorm(c_KV) | k_R], 1×(c+p).
func mlaLatent(m *Meter, a model.Attention, w MLAWeights, x *mat.Dense) *mat.Dense {
	ckv := m.Project(AttentionLinear, "kv_a_proj", x, w.KVA)
	c, p := a.KVRank, a.RopeDim
	return concat(rmsNorm(ckv.Slice(0, 1, 0, c), w.KVANorm), ckv.Slice(0, 1, c, c+p))
}

// MLANaive decodes one token x (1×H) with multi-head latent attention in the naive form: the
// cached latents are up-projected to every head's keys and values, then each head attends as
// in MHA with a query/key width d_n+p and a value width d_v.
//
//	k_h,j = [c_KV,j·W_UK_h | k_R,j], v_h,j = c_KV,j·W_UV_h    for every attended token j
//	o_h = softmax(q_h·K_hᵀ/√(d_n+p))·V_h
//	out = [o_1 … o_n]·W_O
//
// kv_b_proj runs once per attended token here, so its FLOPs grow with C; the analytic count
// (and MLAAbsorbed) runs it once per decoded token.
func MLANaive(m *Meter, a model.Attention, w MLAWeights, cache *KVCache, x *mat.Dense) *mat.Dense {
	heads, dn, p, dv, c := a.Heads, a.NopeDim, a.RopeDim, a.ValueDim, a.KVRank
	q := mlaQuery(m, w, x)
	m.AppendCache(cache, mlaLatent(m, a, w, x))
	t := a.AttendedTokens(cache.Len())
	latent := m.ReadCache(cache, t)
	kv := m.Project(AttentionLinear, "kv_b_proj", latent.Slice(0, t, 0, c), w.KVB) // t×n·(d_n+d_v)
	keys := mat.NewDense(t, heads*(dn+p), nil)
	values := mat.NewDense(t, heads*dv, nil)
	for h := 0; h < heads; h++ {
		per := h * (dn + dv)
		keys.Slice(0, t, h*(dn+p), h*(dn+p)+dn).(*mat.Dense).Copy(kv.Slice(0, t, per, per+dn))
		keys.Slice(0, t, h*(dn+p)+dn, (h+1)*(dn+p)).(*mat.Dense).Copy(latent.Slice(0, t, c, c+p))
		values.Slice(0, t, h*dv, (h+1)*dv).(*mat.Dense).Copy(kv.Slice(0, t, per+dn, per+dn+dv))
	}
	o := attendHeads(m, q, keys, values, heads, heads, dn+p, dv)
	return m.Project(AttentionLinear, "o_proj", o, w.O)
}

// MLAAbsorbed decodes one token x (1×H) with multi-head latent attention in the
// weight-absorbed form: W_UK_h is absorbed into the query and W_UV_h applied after the
// attention, so every head attends over the cached latents directly.
//
//	q̃_h = [q_nope_h·W_UK_hᵀ | q_rope_h]                    (1×(c+p))
//	õ_h = softmax(q̃_h·[C_KV | K_R]ᵀ/√(d_n+p))·C_KV       (QK at width c+p, PV at width c)
//	o_h = õ_h·W_UV_h, out = [o_1 … o_n]·W_O
//
// q̃_h·[c_KV,j | k_R,j] = q_nope_h·(c_KV,j·W_UK_h) + q_rope_h·k_R,j, the naive score, and
// õ_h·W_UV_h = Σ_j p_j·c_KV,j·W_UV_h, the naive output: the two forms are equal.
func MLAAbsorbed(m *Meter, a model.Attention, w MLAWeights, cache *KVCache, x *mat.Dense) *mat.Dense {
	q := mlaQuery(m, w, x)
	m.AppendCache(cache, mlaLatent(m, a, w, x))
	t := a.AttendedTokens(cache.Len())
	return mlaAbsorbedCore(m, a, w, q, m.ReadCache(cache, t))
}

// mlaAbsorbedCore is the absorbed attention of query q over the latents read (t×(c+p), the
// keys [C_KV | K_R]) and the output projection.
func mlaAbsorbedCore(m *Meter, a model.Attention, w MLAWeights, q, latent *mat.Dense) *mat.Dense {
	heads, dn, p, c := a.Heads, a.NopeDim, a.RopeDim, a.KVRank
	t, _ := latent.Dims()
	values := latent.Slice(0, t, 0, c)
	scale := 1 / math.Sqrt(float64(dn+p))
	var out []float64
	for h := 0; h < heads; h++ {
		qNope := q.Slice(0, 1, h*(dn+p), h*(dn+p)+dn)
		qRope := q.Slice(0, 1, h*(dn+p)+dn, (h+1)*(dn+p))
		qLatent := m.Project(AttentionLinear, "kv_b_proj", qNope, w.wUK(a, h).T())
		oLatent := attend(m, concat(qLatent, qRope), latent, values, scale)
		out = append(out, m.Project(AttentionLinear, "kv_b_proj", oLatent, w.wUV(a, h)).RawRowView(0)...)
	}
	return m.Project(AttentionLinear, "o_proj", mat.NewDense(1, len(out), out), w.O)
}
