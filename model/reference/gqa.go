package reference

import (
	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// GQAWeights are grouped-query attention's projections (Ainslie et al. 2023): W_Q H×n_q·d
// (H×2·n_q·d with an output gate: the query, then the gate), W_K and W_V H×n_kv·d, W_O
// n_q·d×H.
type GQAWeights struct {
	Q, K, V, O *mat.Dense
}

// GQA decodes one token x (1×H) with grouped-query attention: n_q query heads share n_kv
// key/value heads of width d (MHA when n_kv = n_q, MQA when n_kv = 1). The new token's key
// and value are appended to the cache (one row [k_1 … k_n_kv | v_1 … v_n_kv]); each query
// head attends to the last min(C, window) rows of its group's keys and values.
//
//	q = x·W_Q, k = x·W_K, v = x·W_V
//	o_h = softmax(q_h·K_g(h)ᵀ/√d)·V_g(h), g(h) = h / (n_q/n_kv)
//	out = [o_1 … o_n_q]·W_O
//
// With an output gate (Qwen3-Next, Qwen3.5) x·W_Q also yields the gate G, and
// out = ([o_1 … o_n_q] ⊙ sigmoid(G))·W_O; the gating is elementwise.
func GQA(m *Meter, a model.Attention, w GQAWeights, cache *KVCache, x *mat.Dense) *mat.Dense {
	q := m.Project(AttentionLinear, "q_proj", x, w.Q)
	k := m.Project(AttentionLinear, "k_proj", x, w.K)
	v := m.Project(AttentionLinear, "v_proj", x, w.V)
	var gate []float64
	if a.OutputGate {
		n := a.Heads * a.HeadDim
		gate = q.RawRowView(0)[n:]
		q = mat.DenseCopyOf(q.Slice(0, 1, 0, n))
	}
	return attendCached(m, a, cache, q, k, v, gate, w.O)
}

// attendCached is the step GQA and MFA share once q, k and v are projected: append the new
// token's [k | v] (kv heads of d each) to the cache, read the last min(C, window) rows, let
// every query head attend to its group's keys and values, and project the heads' outputs
// with W_O.
func attendCached(m *Meter, a model.Attention, cache *KVCache, q, k, v *mat.Dense, gate []float64, wo *mat.Dense) *mat.Dense {
	d := a.HeadDim
	_, kvWidth := k.Dims()
	kvHeads := kvWidth / d
	m.AppendCache(cache, concat(k, v))
	n := a.AttendedTokens(cache.Len())
	kv := m.ReadCache(cache, n)
	keys := mat.DenseCopyOf(kv.Slice(0, n, 0, kvHeads*d))
	values := mat.DenseCopyOf(kv.Slice(0, n, kvHeads*d, 2*kvHeads*d))
	o := attendHeads(m, q, keys, values, a.Heads, kvHeads, d, d)
	for i, g := range gate {
		o.Set(0, i, o.At(0, i)*sigmoid(g))
	}
	return m.Project(AttentionLinear, "o_proj", o, wo)
}
