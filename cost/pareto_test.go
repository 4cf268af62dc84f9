package cost

import (
	"math"
	"math/rand"
	"reflect"
	"testing"
)

// bruteFrontier is the O(n²) definition: i is on the frontier when no j dominates it.
func bruteFrontier(points [][]float64, dirs []Direction) []int {
	better := func(a, b float64, d Direction) (le, lt bool) {
		if d == Maximise {
			return a >= b, a > b
		}
		return a <= b, a < b
	}
	front := []int{}
	for i, p := range points {
		if hasNaN(p) {
			continue
		}
		dominated := false
		for j, q := range points {
			if i == j || hasNaN(q) {
				continue
			}
			all, some := true, false
			for k := range dirs {
				le, lt := better(q[k], p[k], dirs[k])
				all = all && le
				some = some || lt
			}
			if all && some {
				dominated = true
				break
			}
		}
		if !dominated {
			front = append(front, i)
		}
	}
	return front
}

// TestFrontierHand: minimise cost, maximise activated parameters.
func TestFrontierHand(t *testing.T) {
	pts := [][]float64{
		{0.06, 38}, // 0: on the frontier
		{0.07, 37}, // 1: dominated by 0
		{0.05, 22}, // 2: cheapest
		{0.09, 47}, // 3: largest
		{0.06, 38}, // 4: same as 0, kept with it
		{0.05, 17}, // 5: dominated by 2 (same cost, fewer parameters)
		{math.NaN(), 100},
	}
	got, err := Frontier(pts, []Direction{Minimise, Maximise})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 2, 3, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("frontier %v, want %v", got, want)
	}
}

// TestFrontierRandom holds Frontier equal to the brute-force definition on random clouds
// of 2 to 4 objectives with every mix of directions, coarse values making ties common.
func TestFrontierRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 600; trial++ {
		k := 2 + trial%3
		n := rng.Intn(200)
		levels := 1 + rng.Intn(30)
		dirs := make([]Direction, k)
		for o := range dirs {
			dirs[o] = Direction(rng.Intn(2))
		}
		pts := make([][]float64, n)
		for i := range pts {
			pts[i] = make([]float64, k)
			for o := range pts[i] {
				if levels > 25 {
					pts[i][o] = rng.NormFloat64()
				} else {
					pts[i][o] = float64(rng.Intn(levels))
				}
			}
			if rng.Intn(50) == 0 {
				pts[i][rng.Intn(k)] = math.NaN()
			}
		}
		got, err := Frontier(pts, dirs)
		if err != nil {
			t.Fatal(err)
		}
		if got == nil {
			got = []int{}
		}
		if want := bruteFrontier(pts, dirs); !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d (k=%d, dirs %v): frontier %v, brute force %v", trial, k, dirs, got, want)
		}
	}
}

func TestFrontierErrors(t *testing.T) {
	if _, err := Frontier([][]float64{{1}}, nil); err == nil {
		t.Error("no objective accepted")
	}
	if _, err := Frontier([][]float64{{1, 2}, {1}}, []Direction{Minimise, Minimise}); err == nil {
		t.Error("ragged points accepted")
	}
	for in, want := range map[string]Direction{"min": Minimise, "Maximize": Maximise, "maximise": Maximise} {
		if d, err := ParseDirection(in); err != nil || d != want {
			t.Errorf("ParseDirection(%q) = %v, %v", in, d, err)
		}
	}
	if _, err := ParseDirection("up"); err == nil {
		t.Error(`"up" accepted`)
	}
}

// BenchmarkFrontier2 measures a two-objective frontier of 10^5 random points.
func BenchmarkFrontier2(b *testing.B) {
	rng := rand.New(rand.NewSource(2))
	pts := make([][]float64, 100000)
	for i := range pts {
		pts[i] = []float64{rng.Float64(), rng.Float64()}
	}
	dirs := []Direction{Minimise, Maximise}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Frontier(pts, dirs); err != nil {
			b.Fatal(err)
		}
	}
}
