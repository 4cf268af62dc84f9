package reference

import (
	"sort"

	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// IndexerWeights are DeepSeek Sparse Attention's lightning indexer (DeepSeek-V3.2's
// Indexer), with n_I heads of d_I: W_q (indexer_wq_b, r_q×n_I·d_I, applied to the query
// latent c_Q; H×n_I·d_I when the query is full-rank), W_k (indexer_wk, H×d_I: one index key
// per token) and W_w (indexer_weights_proj, H×n_I: one weight per head).
type IndexerWeights struct {
	Q, K, W *mat.Dense
}

// SparseMLA decodes one token x (1×H) with DeepSeek Sparse Attention: the lightning indexer
// scores every cached token, and multi-head latent attention (absorbed form) attends only the
// top-k of them.
//
//	q_I = c_Q·W_q (n_I×d_I), k_I = x·W_k (appended to the index cache), w = x·W_w (1×n_I)
//	S = q_I·K_Iᵀ                          (n_I×C: 2·n_I·d_I·C FLOPs, "index_scores")
//	I = w·ReLU(S)                         (1×C: 2·n_I·C FLOPs, "index_weighting")
//	T = the min(C, k) tokens of largest I (comparisons, not counted)
//	out = MLA absorbed over the latents of T
//
// A layer with a shared index (iw nil) has no indexer: it attends the tokens shared, the top-k
// an earlier layer's indexer chose. The per-token FP32 key scale, the Hadamard rotation and
// the softmax scale of the real kernel are elementwise and left out; the index keys are
// float64 here, counted as FP8 elements plus their scales.
func SparseMLA(m *Meter, a model.Attention, w MLAWeights, iw *IndexerWeights, cache, index *KVCache, shared []int, x *mat.Dense) *mat.Dense {
	q, cq := mlaQueryLatent(m, w, x)
	m.AppendCache(cache, mlaLatent(m, a, w, x))
	selected := shared
	if iw != nil {
		selected = lightningIndex(m, a, *iw, index, cq, x)
	}
	return mlaAbsorbedCore(m, a, w, q, m.ReadCacheRows(cache, selected))
}

// lightningIndex runs the indexer on token x (query latent cq), appending its index key, and
// returns the positions of the min(C, IndexTopK) best cached tokens, oldest first.
func lightningIndex(m *Meter, a model.Attention, iw IndexerWeights, index *KVCache, cq, x *mat.Dense) []int {
	nI, dI := a.IndexHeads, a.IndexHeadDim
	qI := m.Project(AttentionLinear, "indexer_wq_b", cq, iw.Q)
	m.AppendIndexKey(index, m.Project(AttentionLinear, "indexer_wk", x, iw.K))
	weights := m.Project(AttentionLinear, "indexer_weights_proj", x, iw.W)
	keys := m.ReadIndexKeys(index) // C×d_I
	heads := mat.NewDense(nI, dI, append([]float64(nil), qI.RawRowView(0)...))
	scores := m.Product(Indexer, "index_scores", heads, keys.T()) // n_I×C
	scores.Apply(func(_, _ int, v float64) float64 { return max(v, 0) }, scores)
	total := m.Product(Indexer, "index_weighting", weights, scores) // 1×C
	return topTokens(total.RawRowView(0), a.IndexTopK)
}

// topTokens returns the positions of the min(len(s), k) largest scores, ascending.
func topTokens(s []float64, k int) []int {
	t := topK(s, min(k, len(s)))
	sort.Ints(t)
	return t
}

// directSparseMLA is DeepSeek Sparse Attention on token x written out: the indexer's score of
// every token j (the earlier ones and x) is I_j = Σ_h w_h·max(0, q_I,h·k_I,j), the min(C, k)
// best are kept (or, with a shared index, the earlier layer's choice), and each head attends
// them in MLA's naive form, k_h,j = [c_j·W_UK_h | k_R,j], v_h,j = c_j·W_UV_h, with plain
// loops.
func directSparseMLA(l *Layer, x []float64) []float64 {
	a, w := l.Spec.Attention, *l.MLA
	c, p, dn := a.KVRank, a.RopeDim, a.NopeDim
	var q, cq []float64
	if w.QA != nil {
		cq = rmsNorm(row(vecMat(x, w.QA)), w.QANorm).RawRowView(0)
		q = vecMat(cq, w.QB)
	} else {
		cq, q = x, vecMat(x, w.Q)
	}
	ckv := vecMat(x, w.KVA)
	latent := append(rmsNorm(row(ckv[:c]), w.KVANorm).RawRowView(0), ckv[c:]...)
	latents := append(append([][]float64(nil), l.Cache.rows...), latent)
	selected := l.SharedTopK
	if l.Indexer != nil {
		nI, dI := a.IndexHeads, a.IndexHeadDim
		qI, weights := vecMat(cq, l.Indexer.Q), vecMat(x, l.Indexer.W)
		keys := append(append([][]float64(nil), l.IndexCache.rows...), vecMat(x, l.Indexer.K))
		scores := make([]float64, len(keys))
		for j, k := range keys {
			for h := 0; h < nI; h++ {
				scores[j] += weights[h] * max(0, dot(qI[h*dI:(h+1)*dI], k))
			}
		}
		selected = topTokens(scores, a.IndexTopK)
	}
	var o []float64
	for h := 0; h < a.Heads; h++ {
		var keys, values [][]float64
		for _, j := range selected {
			cj := latents[j][:c]
			keys = append(keys, append(vecMat(cj, w.wUK(a, h)), latents[j][c:c+p]...))
			values = append(values, vecMat(cj, w.wUV(a, h)))
		}
		o = append(o, directAttention(q[h*(dn+p):(h+1)*(dn+p)], keys, values)...)
	}
	return vecMat(o, w.O)
}
