package reference

import (
	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// LinearAttentionWeights are a linear-attention layer's projections (MiniMax Lightning
// attention): W_Q and W_K H×h_qk·dk, W_V and the output gate W_G H×h·dv, W_O h·dv×H; the
// output norm's gain; and each value head's decay λ_h in (0, 1).
type LinearAttentionWeights struct {
	Q, K, V, Gate, O *mat.Dense
	OutNorm          []float64
	Decay            []float64
}

// LinearAttention decodes one token x (1×H) with linear attention and a decayed state: every
// value head h keeps a dk×dv state S_h, read and written once per step. Value head h uses
// query/key head h/(h/h_qk) (h_qk = h for MiniMax; fewer for Gated DeltaNet).
//
//	q = x·W_Q, k = x·W_K, v = x·W_V, g = x·W_G
//	S_h ← λ_h·S_h + k_hᵀ·v_h               (dk·dv multiplies, then dk·dv multiply-adds)
//	o_h = q_h·S_h                           (dk·dv multiply-adds)
//	out = (RMSNorm([o_1 … o_h]) ⊙ sigmoid(g))·W_O
//
// The feature map on q and k (SiLU in MiniMax) is elementwise and left out; so is Gated
// DeltaNet's delta rule, which would add an S·k product (every Linear layer runs this
// decayed-state form).
func LinearAttention(m *Meter, a model.Attention, w LinearAttentionWeights, state *LinearState, x *mat.Dense) *mat.Dense {
	dk := a.HeadDim
	heads := len(state.S)
	_, dv := state.S[0].Dims()
	_, qkWidth := w.Q.Dims()
	group := heads / (qkWidth / dk)
	q := m.Project(AttentionLinear, "q_proj", x, w.Q)
	k := m.Project(AttentionLinear, "k_proj", x, w.K)
	v := m.Project(AttentionLinear, "v_proj", x, w.V)
	gate := m.Project(AttentionLinear, "gate_proj", x, w.Gate)
	m.ReadState(state)
	var o []float64
	for h := 0; h < heads; h++ {
		g := h / group
		qh := q.Slice(0, 1, g*dk, (g+1)*dk)
		kh := mat.NewVecDense(dk, append([]float64(nil), k.RawRowView(0)[g*dk:(g+1)*dk]...))
		vh := mat.NewVecDense(dv, append([]float64(nil), v.RawRowView(0)[h*dv:(h+1)*dv]...))
		s := state.S[h]
		m.ScaleState(AttentionCore, "decay", w.Decay[h], s)
		m.RankOneUpdate(AttentionCore, "kᵀv", s, kh, vh)
		o = append(o, m.Product(AttentionCore, "qS", qh, s).RawRowView(0)...)
	}
	m.WriteState(state)
	gated := rmsNorm(mat.NewDense(1, len(o), o), w.OutNorm)
	for i := range o {
		gated.Set(0, i, gated.At(0, i)*sigmoid(gate.At(0, i)))
	}
	return m.Project(AttentionLinear, "o_proj", gated, w.O)
}
