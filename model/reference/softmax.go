package reference

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// attend is scaled dot-product attention of one query head q (1×dk) over keys K (n×dk) and
// values V (n×dv): softmax(scale·q·Kᵀ)·V, a 1×dv row. QK is 2·n·dk FLOPs, PV 2·n·dv.
func attend(m *Meter, q, keys, values mat.Matrix, scale float64) *mat.Dense {
	scores := m.Product(AttentionCore, "QK", q, keys.T())
	p := softmax(scores.RawRowView(0), scale)
	return m.Product(AttentionCore, "PV", mat.NewDense(1, len(p), p), values)
}

// attendHeads runs attend for each of heads query heads of q (1×heads·dk). Keys (n×kvHeads·dk)
// and values (n×kvHeads·dv) hold kvHeads heads side by side; query head h reads key/value
// head h/(heads/kvHeads). The head outputs are returned side by side (1×heads·dv).
func attendHeads(m *Meter, q *mat.Dense, keys, values *mat.Dense, heads, kvHeads, dk, dv int) *mat.Dense {
	n, _ := keys.Dims()
	group := heads / kvHeads
	scale := 1 / math.Sqrt(float64(dk))
	var out []float64
	for h := 0; h < heads; h++ {
		g := h / group
		qh := q.Slice(0, 1, h*dk, (h+1)*dk)
		kg := keys.Slice(0, n, g*dk, (g+1)*dk)
		vg := values.Slice(0, n, g*dv, (g+1)*dv)
		out = append(out, attend(m, qh, kg, vg, scale).RawRowView(0)...)
	}
	return mat.NewDense(1, len(out), out)
}

// softmax returns exp(scale·s_j) / Σ exp(scale·s_i), computed stably.
func softmax(s []float64, scale float64) []float64 {
	max := math.Inf(-1)
	for _, v := range s {
		max = math.Max(max, scale*v)
	}
	p := make([]float64, len(s))
	var sum float64
	for j, v := range s {
		p[j] = math.Exp(scale*v - max)
		sum += p[j]
	}
	for j := range p {
		p[j] /= sum
	}
	return p
}

// rmsNorm returns x_i / sqrt(mean(x²) + ε) · gain_i for a row x.
func rmsNorm(x mat.Matrix, gain []float64) *mat.Dense {
	_, n := x.Dims()
	var ss float64
	for i := 0; i < n; i++ {
		ss += x.At(0, i) * x.At(0, i)
	}
	inv := 1 / math.Sqrt(ss/float64(n)+1e-6)
	out := mat.NewDense(1, n, nil)
	for i := 0; i < n; i++ {
		out.Set(0, i, x.At(0, i)*inv*gain[i])
	}
	return out
}

// concat puts rows a and b side by side.
func concat(a, b mat.Matrix) *mat.Dense {
	var out mat.Dense
	out.Augment(a, b)
	return &out
}

func silu(v float64) float64    { return v / (1 + math.Exp(-v)) }
func sigmoid(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
