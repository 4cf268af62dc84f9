package cost

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestExpectedMaxStdNormal(t *testing.T) {
	// Published values of E[max of n standard normals] (Tippett 1925; Harter 1961).
	for _, c := range []struct {
		n    int
		want float64
	}{{1, 0}, {2, 1 / math.Sqrt(math.Pi)}, {3, 1.5 / math.Sqrt(math.Pi)}, {4, 1.029375}, {8, 1.423600}, {16, 1.765991}, {100, 2.507594}} {
		if got := ExpectedMaxStdNormal(c.n); math.Abs(got-c.want) > 1e-5 {
			t.Errorf("z_%d = %.6f, want %.6f", c.n, got, c.want)
		}
	}
}

// TestUniformImbalanceByHand: DeepSeek-V3 on EP128, 32 sequences per GPU and micro-batch:
// T = 4096 tokens, E = 256, k = 8, G = 128: √((127·248)/(4096·8·255)) = √(31496/8355840) =
// 0.061396; z_128 = 2.5947 → 1 + 2.5947·0.061396 = 1.1593.
func TestUniformImbalanceByHand(t *testing.T) {
	z := ExpectedMaxStdNormal(128)
	want := 1 + z*math.Sqrt(127.0*248/(4096*8*255))
	if got := UniformImbalance(4096, 256, 8, 128); math.Abs(got-want) > 1e-12 || math.Abs(got-1.1593) > 5e-4 {
		t.Errorf("UniformImbalance = %v, want %v ≈ 1.1593", got, want)
	}
	for _, c := range []struct {
		name                string
		tokens              float64
		experts, topK, gpus int
	}{{"one gpu", 100, 128, 8, 1}, {"every expert", 100, 8, 8, 4}, {"no tokens", 0, 128, 8, 4}} {
		if got := UniformImbalance(c.tokens, c.experts, c.topK, c.gpus); got != 1 {
			t.Errorf("%s: %v, want 1", c.name, got)
		}
	}
}

// TestUniformImbalanceMonteCarlo draws the routing: every token picks k distinct experts
// uniformly; experts e·G/E go to GPU ⌊e·G/E⌋; the mean of the busiest GPU's load over the
// draws against the formula, within 2%.
func TestUniformImbalanceMonteCarlo(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		tokens, experts, topK, gpus, draws int
	}{
		{400, 128, 8, 4, 400},    // Qwen3-30B-A3B on EP4, 100 sequences per GPU
		{4096, 256, 8, 128, 100}, // DeepSeek-V3 EP128, 32 per GPU
		{1024, 256, 8, 16, 300},
		{256, 48, 3, 16, 600}, // Step-3's FFN pool of 16 GPUs
	} {
		perm := make([]int, c.experts)
		load := make([]int, c.gpus)
		var sumMax float64
		for d := 0; d < c.draws; d++ {
			clear(load)
			for tk := 0; tk < c.tokens; tk++ {
				for i := range perm {
					perm[i] = i
				}
				for j := 0; j < c.topK; j++ {
					r := j + rng.IntN(c.experts-j)
					perm[j], perm[r] = perm[r], perm[j]
					load[perm[j]*c.gpus/c.experts]++
				}
			}
			busiest := 0
			for _, l := range load {
				busiest = max(busiest, l)
			}
			sumMax += float64(busiest)
		}
		mean := float64(c.tokens*c.topK) / float64(c.gpus)
		mc := sumMax / float64(c.draws) / mean
		got := UniformImbalance(float64(c.tokens), c.experts, c.topK, c.gpus)
		if math.Abs(got-mc)/mc > 0.02 {
			t.Errorf("T=%d E=%d k=%d G=%d: formula %.4f, Monte Carlo %.4f", c.tokens, c.experts, c.topK, c.gpus, got, mc)
		}
	}
}

// TestHistogramImbalance: 4 experts on 2 GPUs with loads 6, 2, 1, 1 (mean per GPU 5): the
// heaviest first on the least-loaded GPU with a slot (2 each): 6 → g0, 2 → g1, 1 → g1 (3),
// 1 → g0 (7): 7/5 = 1.4. One redundant replica splits the 6 into 3 + 3; replicas 3, 3, 2, 1, 1
// on ⌈5/2⌉ = 3 slots each: 3 → g0, 3 → g1, 2 → g0 (5), 1 → g1 (4), 1 → g1 (5): 5/5 = 1.
func TestHistogramImbalance(t *testing.T) {
	h := []float64{6, 2, 1, 1}
	if got := HistogramImbalance(h, 0, 2); math.Abs(got-1.4) > 1e-12 {
		t.Errorf("no redundancy: %v, want 1.4", got)
	}
	if got := HistogramImbalance(h, 1, 2); math.Abs(got-1) > 1e-12 {
		t.Errorf("one redundant: %v, want 1", got)
	}
	if got := HistogramImbalance([]float64{1, 1, 1, 1}, 0, 4); got != 1 {
		t.Errorf("flat: %v, want 1", got)
	}
}

func TestParseImbalance(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Imbalance
	}{{"uniform", Imbalance{Kind: ImbalanceUniform}}, {"", Imbalance{Kind: ImbalanceUniform}}, {"none", Imbalance{Kind: ImbalanceNone}}, {"1.25", Imbalance{Kind: ImbalanceRatio, Ratio: 1.25}}} {
		got, err := ParseImbalance(c.in)
		if err != nil || got.Kind != c.want.Kind || got.Ratio != c.want.Ratio {
			t.Errorf("ParseImbalance(%q) = %+v, %v", c.in, got, err)
		}
	}
	for _, bad := range []string{"0.9", "skewed", "NaN", "1e9"} {
		if _, err := ParseImbalance(bad); err == nil {
			t.Errorf("ParseImbalance(%q) succeeded", bad)
		}
	}
}

func TestReadExpertHistogram(t *testing.T) {
	got, err := ReadExpertHistogram(strings.NewReader("expert,tokens\n# measured\n0,10\n1,30\n\n2,0\n"))
	if err != nil || len(got) != 3 || got[0] != 10 || got[1] != 30 || got[2] != 0 {
		t.Fatalf("got %v, %v", got, err)
	}
	if got, err := ReadExpertHistogram(strings.NewReader("5\n7\n")); err != nil || len(got) != 2 {
		t.Errorf("plain: %v, %v", got, err)
	}
	for _, bad := range []string{"1\nx\n", "1\n-2\n", "", "0\n0\n", "1\nNaN\n"} {
		if _, err := ReadExpertHistogram(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	if _, err := ReadExpertHistogram(strings.NewReader(strings.Repeat("1\n", MaxHistogramExperts+1))); err == nil {
		t.Error("too many experts: no error")
	}
}

// TestHistogramImbalanceInDeploy: a histogram places DeepSeek-V3's experts on EP32 and the
// busiest GPU's load sets the calibrated time; ideal stays balanced.
func TestHistogramImbalanceInDeploy(t *testing.T) {
	m := builtin(t, "deepseek-v3")
	h := make([]float64, 256)
	for i := range h {
		h[i] = 1
		if i < 32 {
			h[i] = 4
		}
	}
	eval := func(redundant int) DeployResult {
		r, err := EvaluateEP(m, EPPlan{Context: 4096, Hardware: h800(t), GPUs: 32, BatchPerGPU: 64, MicroBatches: 2, Assumptions: DefaultAssumptions(),
			Serving: Serving{Imbalance: Imbalance{Kind: ImbalanceHistogram, ExpertTokens: h}, RedundantExperts: redundant}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	skew, fixed := eval(0), eval(32)
	// 32 GPUs of 8 experts: heaviest first puts one hot expert on each GPU, then 7 cold ones:
	// 4 + 7 = 11 everywhere, the mean, so the ratio is 1; with 32 replicas too.
	if skew.ImbalanceFactor != 1 || fixed.ImbalanceFactor != 1 {
		t.Errorf("one hot expert per GPU: ratios %v, %v, want 1", skew.ImbalanceFactor, fixed.ImbalanceFactor)
	}
	// 33 hot experts: GPU 0 gets two, and the 6 cold experts left after the other GPUs took 7
	// each: 4 + 4 + 6 = 14 against a mean of (33·4 + 223)/32 = 11.09.
	h[32] = 4
	r := eval(0)
	if want := 14 / ((33*4 + 223) / 32.0); math.Abs(r.ImbalanceFactor-want) > 1e-9 {
		t.Errorf("33 hot experts: ratio %v, want %v", r.ImbalanceFactor, want)
	}
	if r.TGS.Calibrated >= skew.TGS.Calibrated || math.Abs(r.TGS.Ideal-skew.TGS.Ideal) > 1e-9*r.TGS.Ideal {
		t.Errorf("TGS %v vs %v (ideal %v vs %v)", r.TGS.Calibrated, skew.TGS.Calibrated, r.TGS.Ideal, skew.TGS.Ideal)
	}
}
