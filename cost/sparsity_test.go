package cost

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

func reportParams() SparsityParams {
	return SparsityParams{TPOTSeconds: DefaultTPOTSeconds, Stages: DefaultPipelineStages, NICEfficiency: 1}
}

func TestCommunicationBudget(t *testing.T) {
	// 2/3 · 50 ms / 3 = 11.111 ms → 11.1 ms, the report's figure.
	if b := CommunicationBudgetSeconds(0.050, 3); b != 0.0111 {
		t.Errorf("budget %v, want 0.0111", b)
	}
	// 2/3 · 100 ms / 4 = 16.667 ms → 16.7 ms.
	if b := CommunicationBudgetSeconds(0.100, 4); b != 0.0167 {
		t.Errorf("budget %v, want 0.0167", b)
	}
}

// TestSparsityReport: the report's minimum sparsity per card, for Step-3's H 7168 and L 61.
func TestSparsityReport(t *testing.T) {
	m := builtin(t, "step3")
	for _, tc := range []struct {
		hw           string
		min, dense   float64
		needed       int
		clears       bool
		roundedTable string // two significant digits
	}{
		// H800: 7168 · 1.98e15 · 61 / (8 · 400e9/8 B/s · 3.35e12 · 0.0111 s)
		//     = 8.6575104e20 / 1.48740e22 = 0.0582057; dense batch 1.98e15 / (2 · 3.35e12)
		//     = 295.52; Step-3 needs ⌈0.0582 · 49⌉ = ⌈2.852⌉ = 3 activated experts (it has 4).
		{"h800", 7168 * 1.98e15 * 61 / (400e9 * 3.35e12 * 0.0111), 1980.0 / 3.35 / 2, 3, true, "0.058"},
		// H20: 7168 · 2.96e14 · 61 / (400e9 · 4e12 · 0.0111) = 0.0072875; 296/4/2 = 37.
		{"h20", 7168 * 2.96e14 * 61 / (400e9 * 4e12 * 0.0111), 37, 1, true, "0.0073"},
		// A800 (BF16 peak, 8 × 200 Gb/s): 7168 · 3.12e14 · 61 / (200e9 · 2e12 · 0.0111)
		// = 0.0307255; 312/2/2 = 78; ⌈1.506⌉ = 2.
		{"a800", 7168 * 3.12e14 * 61 / (200e9 * 2e12 * 0.0111), 78, 2, true, "0.031"},
		// 910B: 7168 · 2.8e14 · 61 / (200e9 · 1.6e12 · 0.0111) = 0.0344677; 280/1.6/2 = 87.5.
		{"910b", 7168 * 2.8e14 * 61 / (200e9 * 1.6e12 * 0.0111), 87.5, 2, true, "0.034"},
	} {
		r, err := SparsityLimitOf(m, card(t, tc.hw), reportParams())
		if err != nil {
			t.Fatal(err)
		}
		if !near(r.MinSparsity, tc.min) || !near(r.DenseBatch, tc.dense) {
			t.Errorf("%s: min sparsity %v dense batch %v; want %v %v", tc.hw, r.MinSparsity, r.DenseBatch, tc.min, tc.dense)
		}
		if got := strconv.FormatFloat(r.MinSparsity, 'g', 2, 64); got != tc.roundedTable {
			t.Errorf("%s: min sparsity %v does not round to %v", tc.hw, r.MinSparsity, tc.roundedTable)
		}
		// Step-3: 4/49 = 0.0816; MoE batch = dense / (4/49).
		if !near(r.ModelSparsity, 4.0/49) || !near(r.MoEBatch, tc.dense*49/4) || r.ActivatedExpertsNeeded != tc.needed ||
			r.ModelActivatedExperts != 4 || r.Clears != tc.clears {
			t.Errorf("%s: %+v", tc.hw, r)
		}
	}
	// DeepSeek-V3 on H800: 9/257 = 0.035 < 0.0582 with H 7168 and L 61 too: it needs
	// ⌈0.0582057 · 257⌉ = ⌈14.96⌉ = 15 activated experts.
	r, err := SparsityLimitOf(builtin(t, "deepseek-v3"), card(t, "h800"), reportParams())
	if err != nil {
		t.Fatal(err)
	}
	if r.Clears || r.ActivatedExpertsNeeded != 15 || !near(r.ModelSparsity, 9.0/257) {
		t.Errorf("deepseek-v3 on h800: %+v", r)
	}
	// NIC efficiency 0.8 (DeepEP's 40 GB/s per 400 Gb/s NIC) raises the bound by 1/0.8.
	p := reportParams()
	p.NICEfficiency = 0.8
	r, _ = SparsityLimitOf(m, card(t, "h800"), p)
	if !nearRel(r.MinSparsity, 7168*1.98e15*61/(0.8*400e9*3.35e12*0.0111), 1e-12) {
		t.Errorf("efficiency 0.8: %v", r.MinSparsity)
	}
}

func TestSparsityErrors(t *testing.T) {
	m := builtin(t, "step3")
	for _, p := range []SparsityParams{
		{TPOTSeconds: 0, Stages: 3, NICEfficiency: 1},
		{TPOTSeconds: math.NaN(), Stages: 3, NICEfficiency: 1},
		{TPOTSeconds: 0.05, Stages: 0, NICEfficiency: 1},
		{TPOTSeconds: 0.05, Stages: 3, NICEfficiency: 0},
		{TPOTSeconds: 0.05, Stages: 3, NICEfficiency: 1.5},
	} {
		if _, err := SparsityLimitOf(m, card(t, "h800"), p); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
	if _, err := SparsityLimitOf(m, card(t, "l40s"), reportParams()); err == nil {
		t.Error("card without NIC accepted")
	}
	// A dense model has no expert sparsity to bound: it "cleared the bound" before.
	if _, err := SparsityLimitOf(builtin(t, "qwen3-32b"), card(t, "h800"), reportParams()); !errors.Is(err, ErrDenseModel) {
		t.Errorf("dense model: %v, want ErrDenseModel", err)
	}
	// TPOT 1 ns: budget = 2/3 · 1e-9 / 3 = 2.22e-10 s; min sparsity = 7168 · 1.98e15 · 61 /
	// (400e9 · 3.35e12 · 2.22e-10) = 8.6576e20 / 2.9748e14 = 2.91e6, above 1: an error (it
	// said 142 603 876 experts needed); sparsity 1 at 1 ns · 2.91e6 = 2.91 ms.
	p := reportParams()
	p.TPOTSeconds = 1e-9
	_, err := SparsityLimitOf(m, card(t, "h800"), p)
	if err == nil || !strings.Contains(err.Error(), "needs sparsity 2.91e+06, above 1 (every expert active), so no model meets it; it reaches 1 at a TPOT of about 2.91 ms") {
		t.Errorf("TPOT 1ns: %v", err)
	}
	// TPOT 10^6 h: min sparsity 8.6576e20 / (1.34e24 · 8e8) = 8.1e-13, · 49 experts = 4e-11:
	// at least one expert is still active (it said 0).
	p.TPOTSeconds = 3.6e9
	r, err := SparsityLimitOf(m, card(t, "h800"), p)
	if err != nil || r.ActivatedExpertsNeeded != 1 || !r.Clears {
		t.Errorf("TPOT 10^6 h: %+v, %v; want 1 expert needed", r, err)
	}
}
