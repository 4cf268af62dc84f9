package cost

import (
	"math"
	"strings"
	"testing"
)

// FuzzReadExpertHistogram: any input either fails with an error or gives a histogram that
// validates, within the entry cap, and that HistogramImbalance places with a finite ratio ≥ 1.
func FuzzReadExpertHistogram(f *testing.F) {
	for _, s := range []string{"expert,tokens\n0,10\n1,30\n", "5\n7\n", "# c\n\n1;2\n", "1\nx\n", "1e308\n1e308\n", "0\n0\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ReadExpertHistogram(strings.NewReader(s))
		if err != nil {
			return
		}
		if len(h) == 0 || len(h) > MaxHistogramExperts {
			t.Fatalf("%d entries", len(h))
		}
		if err := (Imbalance{Kind: ImbalanceHistogram, ExpertTokens: h}).Validate(); err != nil {
			t.Fatal(err)
		}
		for _, g := range []int{1, 2, 8} {
			if r := HistogramImbalance(h, 3, g); math.IsNaN(r) || math.IsInf(r, 0) || r < 1-1e-9 {
				t.Fatalf("ratio %v for %d GPUs of %v", r, g, h)
			}
		}
	})
}
