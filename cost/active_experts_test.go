package cost

import (
	"math"
	"testing"
)

// The roofline (ExpectedActiveExperts, FFNOps) and the deployment engine (deployActive) read
// the weights of the same number of experts: one formula, local·(1 − (1 − p)^T).
func TestActiveExpertsOneFormula(t *testing.T) {
	for _, tc := range []struct {
		name                string
		experts, redundant  int
		topK, gpus          int
		tokens, ratio, want float64
	}{
		// 256 experts on 32 GPUs (8 each), top-8, T = 16 tokens: p = 8/256 = 1/32;
		// 8·(1 − (31/32)^16) = 8·(1 − 0.60171) = 3.18632. (The engine's former
		// 8·(1 − (7/8)^4) = 3.31055 took the GPU's 16·8/32 = 4 pairs as fixed and independent.)
		{"balanced", 256, 0, 8, 32, 16, 1, 3.1863175725434214},
		// 32 redundant replicas: 288/32 = 9 per GPU, p = 8/288; 9·(1 − (1 − 1/36)^16) = 3.26556.
		{"redundant", 256, 32, 8, 32, 16, 1, 3.2655574419313576},
		// The busiest GPU at 1.5 × the mean: p = 1.5·8/288 = 1/24; 9·(1 − (23/24)^16) = 4.44479.
		{"busiest", 256, 32, 8, 32, 16, 1.5, 4.444794036811796},
	} {
		local := float64(tc.experts+tc.redundant) / float64(tc.gpus)
		w := work{local: local, poolTokens: tc.tokens}
		mean := tc.tokens * float64(tc.topK) / float64(tc.gpus)
		if got := w.deployActive(mean * tc.ratio); !nearRel(got, tc.want, 1e-12) {
			t.Errorf("%s: deployActive = %v, want %v", tc.name, got, tc.want)
		}
		if tc.redundant == 0 && tc.ratio == 1 {
			if got := ExpectedActiveExperts(tc.experts/tc.gpus, tc.experts, tc.topK, tc.tokens); !nearRel(got, tc.want, 1e-12) {
				t.Errorf("%s: ExpectedActiveExperts = %v, want %v (the deployment's number)", tc.name, got, tc.want)
			}
		}
	}
	// Edges: no tokens read nothing; a certain hit (p ≥ 1) reads every local expert.
	if got := expectedActive(8, 0.5, 0); got != 0 {
		t.Errorf("no tokens: %v active, want 0", got)
	}
	if got := expectedActive(8, 1, 3); got != 8 {
		t.Errorf("p = 1: %v active, want all 8", got)
	}
	if got := expectedActive(0.5, 2, 3); got != 0.5 {
		t.Errorf("half a replica, certain hit: %v active, want 0.5", got)
	}
	// Many tokens: every expert is hit, 8·(1 − (31/32)^4096) = 8 to 1e-12.
	if got := expectedActive(8, 1.0/32, 4096); math.Abs(got-8) > 1e-12 {
		t.Errorf("4096 tokens: %v active, want 8", got)
	}
}
