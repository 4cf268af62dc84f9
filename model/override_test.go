package model

import (
	"testing"

	"github.com/decost/decost/precision"
)

func TestWithPrecision(t *testing.T) {
	m, _ := Builtin("llama4-maverick")
	// BF16 KV everywhere: 8K KV bytes become 12·2048·2·8192 + 36·2048·2·8192 = 805,306,368 + … =
	// 48 layers × 2048 elements × 2 bytes × 8192 = 1,610,612,736.
	b := m.WithPrecision(PrecisionOverride{Cache: precision.BF16})
	if got := b.CountsAt(8192, CountOptions{}).Total.KVBytes; got != 1610612736 {
		t.Errorf("KV bytes with BF16 cache = %v, want 1,610,612,736", got)
	}
	// The original is unchanged: 1,006,632,960 (see TestHybridKV).
	if got := m.CountsAt(8192, CountOptions{}).Total.KVBytes; got != 1006632960 {
		t.Errorf("original changed: %v", got)
	}
	if b.Layers[0].Precision.Weights != precision.FP8 {
		t.Error("empty override field changed weights")
	}
	if !(PrecisionOverride{}).IsZero() {
		t.Error("zero override not IsZero")
	}
}

// TestMainFFN: the MoE most layers use, whatever the dense layers around it.
func TestMainFFN(t *testing.T) {
	for _, tc := range []struct {
		id       string
		sparsity float64
	}{
		{"step3", 4.0 / 49},            // (3 + 1) / (48 + 1), 5 dense layers aside
		{"llama4-maverick", 2.0 / 129}, // (1 + 1) / (128 + 1), on 24 of 48 layers
		{"deepseek-v3", 9.0 / 257},     // (8 + 1) / (256 + 1)
		{"qwen3-32b", 1},               // dense
		{"pangu-pro-moe", 12.0 / 68},   // (8 + 4) / (64 + 4)
	} {
		m, _ := Builtin(tc.id)
		if got := m.MainFFN().Sparsity(); !near(got, tc.sparsity) {
			t.Errorf("%s: sparsity %v, want %v", tc.id, got, tc.sparsity)
		}
	}
}
