package cost

import (
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// TestLinearAttentionOps computes by hand the ops of a Gated DeltaNet layer (Qwen3-Next's
// shape: H = 2048, 32 state heads, 16 query/key heads of 128, values of 128, full FP8 with an
// FP32 state, an MoE of 512 experts) for 4 sequences on H800, whole and tensor-parallel.
func TestLinearAttentionOps(t *testing.T) {
	h800 := card(t, "h800")
	k := model.LayerKind{Name: "linear/moe", Indices: []int{0}, Layer: model.Layer{
		Attention: model.Attention{Kind: model.Linear, Heads: 32, KVHeads: 16, HeadDim: 128, ValueDim: 128},
		FFN:       model.FFN{Kind: model.MoE, Experts: 512, TopK: 10, ExpertWidth: 512, SharedExperts: 1},
		Precision: model.FullFP8,
	}}
	for _, tc := range []struct {
		name  string
		s     AttentionStep
		wants []opWant
	}{
		{"one gpu", AttentionStep{4, 8192, 1, DataParallel}, []opWant{
			// q_proj 2048×(16·128) = 4,194,304 FP8 weights; FLOPs 2·4·4,194,304 =
			// 33,554,432; bytes + 4·2048 (FP8 in) + 4·2048·2 (BF16 out) = + 8,192 + 16,384.
			{name: "q_proj", flops: 33554432, bytes: 4194304 + 8192 + 16384, weight: 4194304},
			// o_proj (32·128)×2048 = 8,388,608; FLOPs 67,108,864; + 4·4096 + 4·2048·2.
			{name: "o_proj", flops: 67108864, bytes: 8388608 + 16384 + 16384, weight: 8388608},
			// core: 10 · 32·128·128 = 5,242,880 FLOPs per token × 4 = 20,971,520. No cache
			// grows with C; the FP32 state of 524,288 elements is read and written:
			// 2·524,288·4 = 4,194,304 B per token × 4 = 16,777,216. Activations: q of 16·128
			// and o of 32·128 in BF16, (2048 + 4096)·2·4 = 49,152. 16,826,368 B at 3.35e12 B/s
			// = 5.02 µs ≫ 20,971,520 / 1.98e15 = 10.6 ns: memory-bound.
			{name: "attention_core", flops: 20971520, bytes: 16777216 + 49152, kv: 16777216,
				bound: hardware.MemoryBound, idealSeconds: (16777216 + 49152) / 3.35e12},
			// router 2048×512 = 1,048,576 in BF16: 2,097,152 B; FLOPs 2·4·1,048,576 =
			// 8,388,608; activations 4·(2048 + 512)·2 = 20,480.
			{name: "router", flops: 8388608, bytes: 2097152 + 20480, weight: 2097152},
		}},
		{"tp2", AttentionStep{4, 8192, 2, TensorParallel}, []opWant{
			// Each GPU: 16 state heads, 8 query/key heads, all 4 sequences. q_proj
			// 2048×1024 = 2,097,152; FLOPs 2·4·2,097,152 = 16,777,216; bytes + 4·2048 (the
			// whole hidden state in) + 4·1024·2 (its share out).
			{name: "q_proj", flops: 16777216, bytes: 2097152 + 8192 + 8192, weight: 2097152},
			// core: 10·16·128·128 = 2,621,440 × 4 = 10,485,760 FLOPs; state 262,144
			// elements, 2·262,144·4 = 2,097,152 B × 4 = 8,388,608; activations
			// (1024 + 2048)·2·4 = 24,576.
			{name: "attention_core", flops: 10485760, bytes: 8388608 + 24576, kv: 8388608},
		}},
		{"tp32", AttentionStep{4, 8192, 32, TensorParallel}, []opWant{
			// One state head per GPU and ⌈16/32⌉ = 1 query/key head (replicated): q_proj
			// 2048×128 = 262,144; FLOPs 2,097,152; + 4·2048 + 4·128·2. Core: 10·128·128 =
			// 163,840 × 4 = 655,360 FLOPs; state 2·16,384·4 = 131,072 B × 4 = 524,288;
			// activations (128 + 128)·2·4 = 2,048.
			{name: "q_proj", flops: 2097152, bytes: 262144 + 8192 + 1024, weight: 262144},
			{name: "attention_core", flops: 655360, bytes: 524288 + 2048, kv: 524288},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ops, err := AttentionOps(2048, k, h800, hardware.Ideal(), tc.s)
			if err != nil {
				t.Fatal(err)
			}
			checkOps(t, ops, tc.wants)
		})
	}
}
