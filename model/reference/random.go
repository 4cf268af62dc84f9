package reference

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// random draws seeded weights and activations.
type random struct{ r *rand.Rand }

func newRandom(seed uint64) random { return random{rand.New(rand.NewPCG(seed, 0x5eed))} }

// matrix returns a rows×cols weight with entries from N(0, 1/rows), so that x·W keeps the
// scale of x.
func (g random) matrix(rows, cols int) *mat.Dense {
	sd := 1 / math.Sqrt(float64(rows))
	data := make([]float64, rows*cols)
	for i := range data {
		data[i] = g.r.NormFloat64() * sd
	}
	return mat.NewDense(rows, cols, data)
}

// row returns a 1×n activation with entries from N(0, 1).
func (g random) row(n int) *mat.Dense { return g.matrix(1, n) }

// gains returns n norm gains near 1.
func (g random) gains(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = 1 + 0.1*g.r.NormFloat64()
	}
	return out
}
