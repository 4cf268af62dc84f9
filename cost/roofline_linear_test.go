package cost

import (
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// TestGatedDeltaNetOps computes by hand the ops of a Gated DeltaNet layer (Qwen3-Next's
// shape: H = 2048, 32 value heads over 16 query/key heads of 128, values of 128, a 4-tap
// convolution, full FP8 with an FP32 state, an MoE of 512 experts) for 4 sequences on H800,
// whole and tensor-parallel.
func TestGatedDeltaNetOps(t *testing.T) {
	h800 := card(t, "h800")
	k := model.LayerKind{Name: "gdn/moe", Indices: []int{0}, Layer: model.Layer{
		Attention: model.Attention{Kind: model.GatedDeltaNet, Heads: 32, KVHeads: 16, HeadDim: 128, ValueDim: 128, ConvKernel: 4},
		FFN:       model.FFN{Kind: model.MoE, Experts: 512, TopK: 10, ExpertWidth: 512, SharedExperts: 1},
		Precision: model.FullFP8(),
	}}
	for _, tc := range []struct {
		name  string
		s     AttentionStep
		wants []opWant
	}{
		{"one gpu", AttentionStep{4, 8192, 1, DataParallel}, []opWant{
			// in_proj_qkvz 2048×(2·16·128 + 2·32·128) = 2048×12288 = 25,165,824 FP8 weights;
			// FLOPs 2·4·25,165,824 = 201,326,592; bytes + 4·2048 (FP8 in) + 4·12288·2 (BF16 out)
			// = + 8,192 + 98,304.
			{name: "in_proj_qkvz", flops: 201326592, bytes: 25165824 + 8192 + 98304, weight: 25165824},
			// out_proj (32·128)×2048 = 8,388,608; FLOPs 67,108,864; + 4·4096 + 4·2048·2.
			{name: "out_proj", flops: 67108864, bytes: 8388608 + 16384 + 16384, weight: 8388608},
			// core, the short convolution and the state update in one kernel (as the GDN tables
			// time them): the state 7 · 32·128·128 = 3,670,016 FLOPs per token and the
			// convolution over 2·16·128 + 32·128 = 8192 channels, 4 taps, 2·4·8192 = 65,536:
			// 3,735,552 × 4 = 14,942,208. The FP32 state of 524,288 elements is read and
			// written, 2·524,288·4 = 4,194,304 B, and the BF16 convolution state of 8192·3 =
			// 24,576 elements, 2·24,576·2 = 98,304 B: 4,292,608 per token × 4 = 17,170,432.
			// Weights: the convolution's 8192·4 in BF16 = 65,536 B. Activations: q, k, v of
			// 8192 in and o of 32·128 = 4096 out in BF16, (8192 + 4096)·2·4 = 98,304.
			// 17,334,272 B at 3.35e12 B/s = 5.17 µs ≫ 14,942,208 / 1.98e15 = 7.5 ns: memory-bound.
			{name: "attention_core", flops: 14942208, bytes: 65536 + 17170432 + 98304, weight: 65536, kv: 17170432,
				bound: hardware.MemoryBound, idealSeconds: (65536 + 17170432 + 98304) / 3.35e12},
			// router 2048×512 = 1,048,576 in BF16: 2,097,152 B; FLOPs 2·4·1,048,576 =
			// 8,388,608; activations 4·(2048 + 512)·2 = 20,480.
			{name: "router", flops: 8388608, bytes: 2097152 + 20480, weight: 2097152},
		}},
		{"tp2", AttentionStep{4, 8192, 2, TensorParallel}, []opWant{
			// Each GPU: 16 value heads, 8 query/key heads, all 4 sequences. in_proj_qkvz
			// 2048×(2·1024 + 2·2048) = 2048×6144 = 12,582,912; FLOPs 2·4·12,582,912 =
			// 100,663,296; bytes + 4·2048 (the whole hidden state in) + 4·6144·2 (its share out).
			{name: "in_proj_qkvz", flops: 100663296, bytes: 12582912 + 8192 + 49152, weight: 12582912},
			// core: 7·16·128·128 = 1,835,008 + the convolution on 2·8·128 + 16·128 = 4096
			// channels, 2·4·4096 = 32,768: 1,867,776 × 4 = 7,471,104 FLOPs; state 2·262,144·4 =
			// 2,097,152 B + conv state 2·4096·3·2 = 49,152 B = 2,146,304 × 4 = 8,585,216;
			// weights 4096·4·2 = 32,768 B; activations (4096 + 2048)·2·4 = 49,152.
			{name: "attention_core", flops: 7471104, bytes: 32768 + 8585216 + 49152, weight: 32768, kv: 8585216},
		}},
		{"tp32", AttentionStep{4, 8192, 32, TensorParallel}, []opWant{
			// One value head per GPU and ⌈16/32⌉ = 1 query/key head (replicated): in_proj_qkvz
			// 2048×(2·128 + 2·128) = 1,048,576; FLOPs 8,388,608; + 4·2048 + 4·512·2. Core:
			// 7·128·128 = 114,688 + the convolution on 2·128 + 128 = 384 channels, 2·4·384 =
			// 3,072: 117,760 × 4 = 471,040 FLOPs; state 2·16,384·4 = 131,072 B + conv state
			// 2·384·3·2 = 4,608 B = 135,680 × 4 = 542,720; weights 384·4·2 = 3,072 B;
			// activations (384 + 128)·2·4 = 4,096.
			{name: "in_proj_qkvz", flops: 8388608, bytes: 1048576 + 8192 + 4096, weight: 1048576},
			{name: "attention_core", flops: 471040, bytes: 3072 + 542720 + 4096, weight: 3072, kv: 542720},
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

// TestLightningOps: MiniMax-M1's Lightning layer (64 heads × 128, H 6144) for 4 sequences.
func TestLightningOps(t *testing.T) {
	h800 := card(t, "h800")
	k := model.LayerKind{Name: "linear/moe", Indices: []int{0}, Layer: model.Layer{
		Attention: model.Attention{Kind: model.Linear, Heads: 64, HeadDim: 128},
		FFN:       model.FFN{Kind: model.MoE, Experts: 32, TopK: 2, ExpertWidth: 9216},
		Precision: model.FullFP8(),
	}}
	ops, err := AttentionOps(6144, k, h800, hardware.Ideal(), AttentionStep{4, 65536, 1, DataParallel})
	if err != nil {
		t.Fatal(err)
	}
	// core: 5 · 64·128·128 = 5,242,880 FLOPs per token × 4 = 20,971,520; state 1,048,576 FP32
	// elements read and written, 2·1,048,576·4 = 8,388,608 B × 4 = 33,554,432; activations q, k
	// and v of 64·128 each in, o of 64·128 out, in BF16: (3·8192 + 8192)·2·4 = 262,144.
	checkOps(t, ops, []opWant{{name: "attention_core", flops: 20971520, bytes: 33554432 + 262144, kv: 33554432}})
	for _, o := range ops {
		if o.Name == "conv1d" || o.Name == "indexer" {
			t.Errorf("lightning layer has a %s op", o.Name)
		}
	}
}

// TestSparseAttentionOps computes by hand the ops of a DeepSeek-V3.2 layer (MLA 128 heads with
// a lightning indexer of 64 heads × 128 and top-k 2048, H 7168, full FP8) for 4 sequences at
// C = 131072 on H800.
func TestSparseAttentionOps(t *testing.T) {
	h800 := card(t, "h800")
	a := model.Attention{Kind: model.MLADSA, Heads: 128, QueryRank: 1536, KVRank: 512, RopeDim: 64, NopeDim: 128, ValueDim: 128,
		IndexHeads: 64, IndexHeadDim: 128, IndexTopK: 2048}
	k := model.LayerKind{Name: "mla-dsa/dense", Indices: []int{0}, Layer: model.Layer{
		Attention: a, FFN: model.FFN{Kind: model.Dense, Width: 18432}, Precision: model.FullFP8(),
	}}
	ops, err := AttentionOps(7168, k, h800, hardware.Ideal(), AttentionStep{4, 131072, 1, DataParallel})
	if err != nil {
		t.Fatal(err)
	}
	checkOps(t, ops, []opWant{
		// indexer: 2·64·(128+1)·131072 = 2,164,260,864 FLOPs per token × 4 = 8,657,043,456;
		// index keys 132·131072 = 17,301,504 B per token × 4 = 69,206,016; activations per
		// token (64·128 + 64)·2 = 16,512 in and 2048·4 = 8,192 out, × 4 = 98,816.
		// 69,304,832 B / 3.35e12 = 20.7 µs > 8.66e9 / 1.98e15 = 4.4 µs: memory-bound.
		{name: "indexer", flops: 8657043456, bytes: 69206016 + 98816, kv: 69206016, bound: hardware.MemoryBound},
		// sparse core over min(131072, 2048) latents: 4·128·576·2048 = 603,979,776 × 4 =
		// 2,415,919,104 FLOPs; latents 576·2048 = 1,179,648 B × 4 = 4,718,592; activations
		// (128·192 + 128·128)·2·4 = 327,680.
		{name: "attention_core", flops: 2415919104, bytes: 4718592 + 327680, kv: 4718592},
		// indexer_wq_b 1536×8192 = 12,582,912 FP8 weights; FLOPs 2·4·12,582,912 =
		// 100,663,296; + 4·1536 in + 4·8192·2 out.
		{name: "indexer_wq_b", flops: 100663296, bytes: 12582912 + 6144 + 65536, weight: 12582912},
	})
}
