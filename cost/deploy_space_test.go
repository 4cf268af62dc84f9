package cost

import (
	"slices"
	"testing"

	"github.com/decost/decost/model"
)

// TestDeploySpace checks the one search space of decost deploy and the deploy scenarios.
func TestDeploySpace(t *testing.T) {
	get := func(id string) *model.Model {
		m, err := model.Builtin(id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	v3, step3, dense := get("deepseek-v3"), get("step3"), get("qwen3-32b")
	for _, c := range []struct {
		name      string
		got, want []int
	}{
		// 8 per node, doubling to DefaultMaxEPGPUs = 256, which DeepSeek-V3's 256 experts allow.
		{"ep deepseek-v3", EPGPUCounts(v3, 8, 0), []int{8, 16, 32, 64, 128, 256}},
		// Step-3's MoE layers have 48 routed experts: 8, 16, 32 (64 > 48).
		{"ep step3", EPGPUCounts(step3, 8, 0), []int{8, 16, 32}},
		// A bound of 100: 8 … 64.
		{"ep bound 100", EPGPUCounts(v3, 8, 100), []int{8, 16, 32, 64}},
		// A dense model has no expert bound: 8 … 256.
		{"ep dense", EPGPUCounts(dense, 8, 0), []int{8, 16, 32, 64, 128, 256}},
		// One node of 512 GPUs exceeds 256: nothing to try.
		{"ep huge node", EPGPUCounts(v3, 512, 0), nil},
		{"instances", InstanceCounts(3), []int{1, 2, 3}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		// 48 experts / 8 GPUs per instance = 6 FFN instances at most (< DefaultMaxInstances = 8).
		{"ffn step3 g=8", MaxFFNInstances(step3, 8, 0), 6},
		// 256 / 8 = 32, bounded by DefaultMaxInstances = 8.
		{"ffn deepseek-v3 g=8", MaxFFNInstances(v3, 8, 0), 8},
		// 48 / 64 = 0: one instance already has more GPUs than experts.
		{"ffn step3 g=64", MaxFFNInstances(step3, 64, 0), 0},
		{"ffn dense", MaxFFNInstances(dense, 8, 4), 4},
		{"micro-batches afd", DefaultMicroBatches(ModeAFD), 3},
		{"micro-batches ep", DefaultMicroBatches(ModeEP), 2},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	for s, want := range map[string]string{"": ModeAFD, "afd": ModeAFD, "ep": ModeEP} {
		if got, err := ParseMode(s); err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", s, got, err, want)
		}
	}
	if _, err := ParseMode("pd"); err == nil {
		t.Error("ParseMode(pd) accepted")
	}
	if got := ModeSettings(ModeEP); !slices.Equal(got, []DeploySetting{HardwareSetting, GPUsSetting}) {
		t.Errorf("ModeSettings(ep) = %v", got)
	}
	if got := len(ModeSettings(ModeAFD)); got != 6 {
		t.Errorf("%d AFD settings, want 6", got)
	}
}
