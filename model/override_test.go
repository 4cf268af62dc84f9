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
