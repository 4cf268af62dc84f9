package cost

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Direction says whether an objective of a Pareto frontier is better small or large.
type Direction int

const (
	// Minimise: smaller is better (cost, TPOT, KV bytes).
	Minimise Direction = iota
	// Maximise: larger is better (activated parameters, TGS).
	Maximise
)

// String returns "min" or "max".
func (d Direction) String() string {
	if d == Maximise {
		return "max"
	}
	return "min"
}

// ParseDirection reads "min"/"minimise"/"minimize" or "max"/"maximise"/"maximize".
func ParseDirection(s string) (Direction, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "min", "minimise", "minimize":
		return Minimise, nil
	case "max", "maximise", "maximize":
		return Maximise, nil
	}
	return 0, fmt.Errorf("unknown direction %q (want min or max)", s)
}

// Frontier returns the indices, in increasing order, of the points that no other point
// dominates: point q dominates p when q is at least as good as p in every objective and
// strictly better in one. points[i][k] is point i's value of objective k, dirs[k] the
// direction of objective k; every point must have len(dirs) values. Points with a NaN value
// are never on the frontier; identical points are on it together or not at all.
//
// Two objectives take O(n log n); more take O(n log n + n·f) for a frontier of f points.
func Frontier(points [][]float64, dirs []Direction) ([]int, error) {
	k := len(dirs)
	if k == 0 {
		return nil, fmt.Errorf("pareto: no objective")
	}
	idx := make([]int, 0, len(points))
	for i, p := range points {
		if len(p) != k {
			return nil, fmt.Errorf("pareto: point %d has %d values, want %d", i, len(p), k)
		}
		if !hasNaN(p) {
			idx = append(idx, i)
		}
	}
	// better(i, k) is point i's objective k turned into "smaller is better".
	val := func(i, o int) float64 {
		if dirs[o] == Maximise {
			return -points[i][o]
		}
		return points[i][o]
	}
	// Lexicographic order: a point can only be dominated by points before it.
	sort.Slice(idx, func(a, b int) bool {
		for o := 0; o < k; o++ {
			va, vb := val(idx[a], o), val(idx[b], o)
			if va != vb {
				return va < vb
			}
		}
		return idx[a] < idx[b]
	})
	var front []int
	if k == 1 {
		for _, i := range idx {
			if val(i, 0) == val(idx[0], 0) {
				front = append(front, i)
			}
		}
	} else if k == 2 {
		front = frontier2(idx, val)
	} else {
		front = frontierK(idx, k, val)
	}
	sort.Ints(front)
	return front, nil
}

func hasNaN(p []float64) bool {
	for _, v := range p {
		if math.IsNaN(v) {
			return true
		}
	}
	return false
}

// frontier2 sweeps points sorted by (x, y): a point is on the frontier when its y is the
// smallest of its x and smaller than every y at a smaller x.
func frontier2(idx []int, val func(i, o int) float64) []int {
	var front []int
	best := math.Inf(1) // smallest y at a strictly smaller x
	for g := 0; g < len(idx); {
		x := val(idx[g], 0)
		minY := val(idx[g], 1) // sorted: the group's first point has its smallest y
		h := g
		for h < len(idx) && val(idx[h], 0) == x {
			if val(idx[h], 1) == minY && minY < best {
				front = append(front, idx[h])
			}
			h++
		}
		if minY < best {
			best = minY
		}
		g = h
	}
	return front
}

// frontierK checks each point, in lexicographic order, against the frontier found so far:
// whatever dominates a point is a frontier point or is dominated by one that comes earlier.
func frontierK(idx []int, k int, val func(i, o int) float64) []int {
	var front []int
	for _, p := range idx {
		dominated := false
		for _, q := range front {
			le, lt := true, false
			for o := 0; o < k && le; o++ {
				vq, vp := val(q, o), val(p, o)
				le = vq <= vp
				lt = lt || vq < vp
			}
			if le && lt {
				dominated = true
				break
			}
		}
		if !dominated {
			front = append(front, p)
		}
	}
	return front
}
