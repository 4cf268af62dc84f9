package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestSparsityGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"sparsity_default.txt", []string{"sparsity"}},
		{"sparsity_deepseek_all.md", []string{"sparsity", "--model", "deepseek-v3", "--hardware", "all", "--nic-efficiency", "0.8", "--format", "markdown"}},
	})
}

// TestSparsityJSON: the report's table. H800 for Step-3 (H 7168, L 61) by hand:
// 7168 · 1.98e15 FLOP/s · 61 / (8 · 400e9/8 B/s · 3.35e12 B/s · 11.1e-3 s) = 0.0582057.
func TestSparsityJSON(t *testing.T) {
	out, _, code := run(t, "sparsity", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{ // min sparsity per card, the report's four
		"h800": 7168 * 1.98e15 * 61 / (400e9 * 3.35e12 * 0.0111),
		"h20":  7168 * 2.96e14 * 61 / (400e9 * 4e12 * 0.0111),
		"a800": 7168 * 3.12e14 * 61 / (200e9 * 2e12 * 0.0111),
		"910b": 7168 * 2.8e14 * 61 / (200e9 * 1.6e12 * 0.0111),
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4", len(rows))
	}
	for _, r := range rows {
		for _, k := range []string{"hardware", "min_sparsity", "dense_batch", "model_sparsity", "moe_batch", "activated_experts_needed"} {
			if _, ok := r[k]; !ok {
				t.Errorf("row %v lacks %q", r, k)
			}
		}
		hw := r["hardware"].(string)
		if got := r["min_sparsity"].(float64); math.Abs(got-want[hw]) > 1e-12*want[hw] {
			t.Errorf("%s: min sparsity %v, want %v", hw, got, want[hw])
		}
	}
	// H800: dense batch 1.98e15 / (2 · 3.35e12) = 295.52; Step-3 4/49 → MoE batch 3620.1;
	// ⌈0.0582 · 49⌉ = 3 activated experts needed.
	h := rows[0]
	if math.Abs(h["dense_batch"].(float64)-295.5223880597015) > 1e-9 || math.Abs(h["moe_batch"].(float64)-3620.1492537313434) > 1e-9 ||
		h["activated_experts_needed"].(float64) != 3 || math.Abs(h["model_sparsity"].(float64)-4.0/49) > 1e-15 {
		t.Errorf("h800 row %v", h)
	}
}

func TestSparsityBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"sparsity", "--tpot", "0s"}, "--tpot"},
		{[]string{"sparsity", "--tpot", "fast"}, "fast"},
		// nonsense that was answered: a dense model "cleared the bound"; TPOT 1ns needed 142 million experts
		{[]string{"sparsity", "--model", "qwen3-32b"}, "decost: --model: model qwen3-32b is dense: no MoE layer, so no expert sparsity to bound"},
		{[]string{"sparsity", "--tpot", "1us"}, "decost: --tpot: sparsity on h800: at a TPOT of 0.001 ms the network bound needs sparsity 2.91e+03, above 1"},
		{[]string{"sparsity", "--tpot", "50"}, "50 has no unit; want a duration with its unit, e.g. 50ms or 50s"},
		{[]string{"sparsity", "--tpot", "1000000h"}, "1000000h is outside 1µs…1h"},
		{[]string{"sparsity", "--stages", "0"}, "--stages 0"},
		{[]string{"sparsity", "--nic-efficiency", "1.5"}, "--nic-efficiency 1.5"},
		{[]string{"sparsity", "--hardware", "l40s"}, "decost: --hardware: sparsity: hardware l40s has no scale-out NIC"},
		{[]string{"sparsity", "--model", "nosuch"}, `"nosuch"`},
	} {
		out, errs, code := run(t, tc.args...)
		if code == 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want non-zero exit and no stdout", tc.args, code, out)
		}
		if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.says) || !strings.HasPrefix(errs, "decost: ") {
			t.Errorf("%v: stderr %q; want one line naming %s", tc.args, errs, tc.says)
		}
	}
}

// TestSparsityCaptionDuration: the caption writes the TPOT as given, short: 1h, not 1h0m0s.
func TestSparsityCaptionDuration(t *testing.T) {
	out, errs, code := run(t, "sparsity", "--tpot", "1h")
	if code != 0 || !strings.Contains(out, "2/3 × 1h / 3 stages") || strings.Contains(out, "1h0m0s") {
		t.Errorf("exit %d, stderr %q; want '2/3 × 1h / 3 stages' in the caption:\n%s", code, errs, out)
	}
}
