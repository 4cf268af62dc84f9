package reference

import (
	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// MFAWeights are multi-matrix factorization attention's projections (Step-3): the query is
// low-rank, W_Qdown H×r then an RMS norm then W_Qup r×n·d; one key head W_K H×d and one value
// head W_V H×d shared by all n query heads (g of each, W_K and W_V H×g·d, when the config has
// g > 1 attention groups); W_O n·d×H.
type MFAWeights struct {
	QDown *mat.Dense
	QNorm []float64
	QUp   *mat.Dense
	K, V  *mat.Dense
	O     *mat.Dense
}

// MFA decodes one token x (1×H) with Step-3's multi-matrix factorization attention. The
// cache holds one key and one value of width d per token (per attention group).
//
//	c_q = RMSNorm(x·W_Qdown), q = c_q·W_Qup, k = x·W_K, v = x·W_V
//	o_h = softmax(q_h·Kᵀ/√d)·V for every head h (the same K and V)
//	out = [o_1 … o_n]·W_O
func MFA(m *Meter, a model.Attention, w MFAWeights, cache *KVCache, x *mat.Dense) *mat.Dense {
	cq := rmsNorm(m.Project(AttentionLinear, "q_down", x, w.QDown), w.QNorm)
	q := m.Project(AttentionLinear, "q_up", cq, w.QUp)
	k := m.Project(AttentionLinear, "k_proj", x, w.K) // one key head per group: 1×g·d
	v := m.Project(AttentionLinear, "v_proj", x, w.V)
	return attendCached(m, a, cache, q, k, v, nil, w.O)
}
