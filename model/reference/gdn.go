package reference

import (
	"math"

	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// GatedDeltaNetWeights are a Gated DeltaNet layer's weights (Qwen3-Next, Qwen3.5), named as in
// their code, with n_k query/key heads of d_k, n_v value heads of d_v and a K-tap convolution:
//
//	in_proj_qkvz H×(2·n_k·d_k + 2·n_v·d_v): q, k, v and the output gate z
//	in_proj_ba   H×2·n_v: β's and the decay's inputs b and a, one per value head
//	conv1d       (2·n_k·d_k + n_v·d_v)×K: a depthwise causal convolution over q, k and v
//	A_log, dt_bias (n_v each), the gated output norm's gain (d_v), out_proj n_v·d_v×H
type GatedDeltaNetWeights struct {
	QKVZ, BA, Conv, O *mat.Dense
	ALog, DtBias      []float64
	OutNorm           []float64
}

// GatedDeltaNetHistory is what the earlier tokens left: per token its (convolved, normalised)
// keys k_j (n_k·d_k), values v_j (n_v·d_v), β_j and decay g_j (n_v each), from which the state
// is built, and the convolution state (the last K−1 pre-convolution inputs).
type GatedDeltaNetHistory struct {
	Keys, Values, Beta, Decay [][]float64
}

// gdnStep is the projections and convolution of token x: q (scaled by 1/√d_k) and k
// L2-normalised per head, v, the output gate z, β = sigmoid(b) and g = −e^A_log·softplus(a +
// dt_bias) per value head.
type gdnStep struct {
	q, k, v, z, beta, g []float64
}

// gdnInputs projects and convolves token x; conv is the K−1 earlier inputs. With m nil it
// computes without counting (for the direct formula).
func gdnInputs(m *Meter, a model.Attention, w GatedDeltaNetWeights, conv [][]float64, x *mat.Dense) (gdnStep, []float64) {
	nk, dk, nv, dv := a.KVHeadCount(), a.HeadDim, a.Heads, a.ValueHeadDim()
	var qkvz, ba []float64
	if m != nil {
		qkvz = m.Project(AttentionLinear, "in_proj_qkvz", x, w.QKVZ).RawRowView(0)
		ba = m.Project(AttentionLinear, "in_proj_ba", x, w.BA).RawRowView(0)
	} else {
		qkvz, ba = vecMat(x.RawRowView(0), w.QKVZ), vecMat(x.RawRowView(0), w.BA)
	}
	mixed := append([]float64(nil), qkvz[:2*nk*dk+nv*dv]...)
	var convolved []float64
	if m != nil {
		convolved = m.DepthwiseConv(AttentionCore, "conv1d", conv, mixed, w.Conv)
	} else {
		window := append(append([][]float64(nil), conv...), mixed)
		channels, K := w.Conv.Dims()
		convolved = make([]float64, channels)
		for c := 0; c < channels; c++ {
			for i := 0; i < K; i++ {
				convolved[c] += w.Conv.At(c, i) * window[i][c]
			}
		}
	}
	for i := range convolved {
		convolved[i] = silu(convolved[i])
	}
	s := gdnStep{
		q: l2Heads(convolved[:nk*dk], dk, 1/math.Sqrt(float64(dk))),
		k: l2Heads(convolved[nk*dk:2*nk*dk], dk, 1),
		v: convolved[2*nk*dk:],
		z: qkvz[2*nk*dk+nv*dv:],
	}
	for h := 0; h < nv; h++ {
		s.beta = append(s.beta, sigmoid(ba[h]))
		s.g = append(s.g, -math.Exp(w.ALog[h])*softplus(ba[nv+h]+w.DtBias[h]))
	}
	return s, mixed
}

// GatedDeltaNet decodes one token x (1×H) with Gated DeltaNet: the projections, the short
// convolution over the state's K−1 earlier inputs (then SiLU), and for every value head h (on
// query/key head h/(n_v/n_k)) the gated delta rule on its d_k×d_v state:
//
//	S ← e^g·S                    (d_k·d_v multiplies, "decay")
//	u = kᵀS                      (d_k·d_v multiply-adds, "kᵀS")
//	δ = β·(v − u)                (elementwise on d_v, not counted)
//	S ← S + k·δᵀ                 (d_k·d_v multiply-adds, "k·δᵀ")
//	o = qᵀS                      (d_k·d_v multiply-adds, "qᵀS")
//
// 7 FLOPs per state element (model.GatedDeltaNetFLOPsPerStateElement), then the gated norm
// RMSNorm(o_h)·SiLU(z_h) and out_proj.
func GatedDeltaNet(m *Meter, a model.Attention, w GatedDeltaNetWeights, state *LinearState, conv *ConvState, x *mat.Dense) *mat.Dense {
	dk, nv, dv := a.HeadDim, a.Heads, a.ValueHeadDim()
	group := nv / a.KVHeadCount()
	s, mixed := gdnInputs(m, a, w, m.ReadConvState(conv), x)
	m.ShiftConvState(conv, mixed)
	m.ReadState(state)
	var o []float64
	for h := 0; h < nv; h++ {
		g := h / group
		S := state.S[h]
		kh := mat.NewDense(1, dk, append([]float64(nil), s.k[g*dk:(g+1)*dk]...))
		qh := mat.NewDense(1, dk, append([]float64(nil), s.q[g*dk:(g+1)*dk]...))
		m.ScaleState(AttentionCore, "decay", math.Exp(s.g[h]), S)
		u := m.Product(AttentionCore, "kᵀS", kh, S).RawRowView(0)
		delta := make([]float64, dv)
		for i := range delta {
			delta[i] = s.beta[h] * (s.v[h*dv+i] - u[i])
		}
		m.RankOneUpdate(AttentionCore, "k·δᵀ", S, mat.NewVecDense(dk, kh.RawRowView(0)), mat.NewVecDense(dv, delta))
		o = append(o, gatedNorm(m.Product(AttentionCore, "qᵀS", qh, S).RawRowView(0), s.z[h*dv:(h+1)*dv], w.OutNorm)...)
	}
	m.WriteState(state)
	return m.Project(AttentionLinear, "out_proj", mat.NewDense(1, len(o), o), w.O)
}

// buildGDNState runs the gated delta rule over the history from S = 0.
func buildGDNState(a model.Attention, hist GatedDeltaNetHistory) *LinearState {
	dk, nv, dv := a.HeadDim, a.Heads, a.ValueHeadDim()
	group := nv / a.KVHeadCount()
	s := &LinearState{}
	for h := 0; h < nv; h++ {
		S := mat.NewDense(dk, dv, nil)
		g := h / group
		for j := range hist.Keys {
			S.Scale(math.Exp(hist.Decay[j][h]), S)
			k := mat.NewVecDense(dk, append([]float64(nil), hist.Keys[j][g*dk:(g+1)*dk]...))
			var u mat.VecDense
			u.MulVec(S.T(), k)
			delta := mat.NewVecDense(dv, nil)
			for i := 0; i < dv; i++ {
				delta.SetVec(i, hist.Beta[j][h]*(hist.Values[j][h*dv+i]-u.AtVec(i)))
			}
			S.RankOne(S, 1, k, delta)
		}
		s.S = append(s.S, S)
	}
	return s
}

// l2Heads L2-normalises each d-wide head of x and scales it.
func l2Heads(x []float64, d int, scale float64) []float64 {
	out := make([]float64, len(x))
	for h := 0; h < len(x)/d; h++ {
		var ss float64
		for _, e := range x[h*d : (h+1)*d] {
			ss += e * e
		}
		inv := scale / math.Sqrt(ss+1e-6)
		for i := h * d; i < (h+1)*d; i++ {
			out[i] = x[i] * inv
		}
	}
	return out
}

// gatedNorm is Gated DeltaNet's output norm on one head: RMSNorm(o)·gain ⊙ SiLU(z).
func gatedNorm(o, z, gain []float64) []float64 {
	var ss float64
	for _, e := range o {
		ss += e * e
	}
	inv := 1 / math.Sqrt(ss/float64(len(o))+1e-6)
	out := make([]float64, len(o))
	for i := range o {
		out[i] = o[i] * inv * gain[i] * silu(z[i])
	}
	return out
}

func softplus(v float64) float64 { return math.Log1p(math.Exp(v)) }

// directGatedDeltaNet is Gated DeltaNet on token x in its transition-matrix form (Yang et al.,
// Gated Delta Networks): per value head, from S_0 = 0 over the history tokens and then x,
//
//	S_t = e^g_t·(I − β_t·k_t·k_tᵀ)·S_{t−1} + β_t·k_t·v_tᵀ,   o = qᵀS_T
//
// with the explicit d_k×d_k matrix I − β·k·kᵀ, written with plain loops. The convolution,
// projections, gated norm and out_proj follow as in GatedDeltaNet.
func directGatedDeltaNet(a model.Attention, w GatedDeltaNetWeights, hist GatedDeltaNetHistory, conv *ConvState, x *mat.Dense) []float64 {
	dk, nv, dv := a.HeadDim, a.Heads, a.ValueHeadDim()
	group := nv / a.KVHeadCount()
	s, _ := gdnInputs(nil, a, w, conv.Rows, x)
	keys := append(append([][]float64(nil), hist.Keys...), s.k)
	values := append(append([][]float64(nil), hist.Values...), s.v)
	betas := append(append([][]float64(nil), hist.Beta...), s.beta)
	decays := append(append([][]float64(nil), hist.Decay...), s.g)
	var o []float64
	for h := 0; h < nv; h++ {
		g := h / group
		S := make([][]float64, dk)
		for i := range S {
			S[i] = make([]float64, dv)
		}
		for t := range keys {
			k, b, e := keys[t][g*dk:(g+1)*dk], betas[t][h], math.Exp(decays[t][h])
			next := make([][]float64, dk)
			for i := 0; i < dk; i++ {
				next[i] = make([]float64, dv)
				for j := 0; j < dv; j++ {
					var sum float64
					for l := 0; l < dk; l++ {
						transition := -b * k[i] * k[l]
						if i == l {
							transition++
						}
						sum += transition * S[l][j]
					}
					next[i][j] = e*sum + b*k[i]*values[t][h*dv+j]
				}
			}
			S = next
		}
		oh := make([]float64, dv)
		q := s.q[g*dk : (g+1)*dk]
		for j := 0; j < dv; j++ {
			for i := 0; i < dk; i++ {
				oh[j] += q[i] * S[i][j]
			}
		}
		o = append(o, gatedNorm(oh, s.z[h*dv:(h+1)*dv], w.OutNorm)...)
	}
	return vecMat(o, w.O)
}
