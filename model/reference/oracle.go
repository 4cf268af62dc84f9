package reference

import (
	"math"

	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// The direct formulas below recompute a layer with plain loops over float64 slices, without
// the Meter and without gonum's products, so that the pass can be checked against the
// textbook equations rather than against itself.

// vecMat is x·W written out: out_j = Σ_i x_i·W_ij.
func vecMat(x []float64, w mat.Matrix) []float64 {
	rows, cols := w.Dims()
	out := make([]float64, cols)
	for j := 0; j < cols; j++ {
		for i := 0; i < rows; i++ {
			out[j] += x[i] * w.At(i, j)
		}
	}
	return out
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// directAttention is Σ_j exp(s_j)/Σ_i exp(s_i)·v_j with s_j = q·k_j/√d.
func directAttention(q []float64, keys, values [][]float64) []float64 {
	scores := make([]float64, len(keys))
	max := math.Inf(-1)
	for j, k := range keys {
		scores[j] = dot(q, k) / math.Sqrt(float64(len(q)))
		max = math.Max(max, scores[j])
	}
	var z float64
	for j := range scores {
		scores[j] = math.Exp(scores[j] - max)
		z += scores[j]
	}
	out := make([]float64, len(values[0]))
	for j, v := range values {
		for i := range out {
			out[i] += scores[j] / z * v[i]
		}
	}
	return out
}

// directGQA is grouped-query attention on token x written out: earlier holds the cached rows
// [k_1 … k_kv | v_1 … v_kv] before this token; the token attends to the last
// min(C, window) of them with its own.
func directGQA(a model.Attention, w GQAWeights, earlier [][]float64, x []float64) []float64 {
	d := a.HeadDim
	_, kvWidth := w.K.Dims()
	kvHeads := kvWidth / d
	q, k, v := vecMat(x, w.Q), vecMat(x, w.K), vecMat(x, w.V)
	var gate []float64
	if a.OutputGate {
		gate, q = q[a.Heads*d:], q[:a.Heads*d]
	}
	rows := append(append([][]float64(nil), earlier...), append(append([]float64(nil), k...), v...))
	rows = rows[len(rows)-a.AttendedTokens(len(rows)):]
	var o []float64
	for h := 0; h < a.Heads; h++ {
		g := h / (a.Heads / kvHeads)
		var keys, values [][]float64
		for _, r := range rows {
			keys = append(keys, r[g*d:(g+1)*d])
			values = append(values, r[kvHeads*d+g*d:kvHeads*d+(g+1)*d])
		}
		o = append(o, directAttention(q[h*d:(h+1)*d], keys, values)...)
	}
	for i, g := range gate {
		o[i] /= 1 + math.Exp(-g)
	}
	return vecMat(o, w.O)
}

// directSwiGLU is Σ_i SiLU(x·W_gate)_i·(x·W_up)_i·W_down[i,:] written out.
func directSwiGLU(w SwiGLUWeights, x []float64) []float64 {
	gate, up := vecMat(x, w.Gate), vecMat(x, w.Up)
	h := make([]float64, len(gate))
	for i := range h {
		h[i] = gate[i] / (1 + math.Exp(-gate[i])) * up[i]
	}
	return vecMat(h, w.Down)
}

// directMoE computes every selected expert one by one and sums them with their renormalised
// router probabilities, plus the shared experts. The top k are found by k scans for the
// largest remaining probability.
func directMoE(w MoEWeights, x []float64) []float64 {
	logits := vecMat(x, w.Router)
	p := make([]float64, len(logits))
	var z float64
	for e, l := range logits {
		p[e] = math.Exp(l)
		z += p[e]
	}
	taken := make([]bool, len(p))
	var chosen []int
	var total float64
	for n := 0; n < w.TopK; n++ {
		best := -1
		for e := range p {
			if !taken[e] && (best < 0 || p[e] > p[best]) {
				best = e
			}
		}
		taken[best] = true
		chosen = append(chosen, best)
		total += p[best] / z
	}
	out := make([]float64, len(x))
	for _, e := range chosen {
		y := directSwiGLU(w.Routed[e], x)
		for i := range out {
			out[i] += p[e] / z / total * y[i]
		}
	}
	for _, s := range w.Shared {
		y := directSwiGLU(s, x)
		for i := range out {
			out[i] += y[i]
		}
	}
	return out
}

// directLinear is linear attention in its parallel form: with the history tokens j = 1…T
// and the new token T+1,
//
//	o_h = Σ_{j=1…T+1} λ_h^(T+1−j)·(q_h·k_j)·v_j,h
//
// which is what the recurrent state S_h = Σ_j λ_h^(T+1−j)·k_jᵀ·v_j gives for q_h·S_h. The
// output norm, gate and o_proj follow as in LinearAttention.
func directLinear(a model.Attention, w LinearAttentionWeights, hist LinearHistory, x []float64) []float64 {
	dk := a.HeadDim
	heads := len(w.Decay)
	_, vWidth := w.V.Dims()
	dv := vWidth / heads
	_, qkWidth := w.Q.Dims()
	group := heads / (qkWidth / dk)
	q, k, v, gate := vecMat(x, w.Q), vecMat(x, w.K), vecMat(x, w.V), vecMat(x, w.Gate)
	keys := append(append([][]float64(nil), hist.Keys...), k)
	values := append(append([][]float64(nil), hist.Values...), v)
	T1 := len(keys)
	o := make([]float64, heads*dv)
	for h := 0; h < heads; h++ {
		g := h / group
		for j := range keys {
			weight := math.Pow(w.Decay[h], float64(T1-1-j)) * dot(q[g*dk:(g+1)*dk], keys[j][g*dk:(g+1)*dk])
			for i := 0; i < dv; i++ {
				o[h*dv+i] += weight * values[j][h*dv+i]
			}
		}
	}
	var ss float64
	for _, e := range o {
		ss += e * e
	}
	inv := 1 / math.Sqrt(ss/float64(len(o))+1e-6)
	for i := range o {
		o[i] = o[i] * inv * w.OutNorm[i] / (1 + math.Exp(-gate[i]))
	}
	return vecMat(o, w.O)
}

// relativeError is ‖got − want‖ / ‖want‖ (Euclidean norms).
func relativeError(got, want []float64) float64 {
	var diff, norm float64
	for i := range want {
		diff += (got[i] - want[i]) * (got[i] - want[i])
		norm += want[i] * want[i]
	}
	if norm == 0 {
		return math.Sqrt(diff)
	}
	return math.Sqrt(diff / norm)
}
