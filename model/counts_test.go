package model

import (
	"math"
	"testing"

	"github.com/decost/decost/precision"
)

func near(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// TestAttentionKinds checks each attention kind's per-layer counts against hand arithmetic.
func TestAttentionKinds(t *testing.T) {
	const H = 7168
	for _, tc := range []struct {
		name          string
		a             Attention
		context       int
		cached, state float64 // elements per token of context; state elements
		core, linearW float64 // core FLOPs at context; projection weights
		rank          int
	}{
		{
			// Qwen3-235B: GQA 64 q / 4 kv, d 128, H 4096 — H is 7168 here to keep one H.
			// cached 2·4·128 = 1024; core 4·64·128·8192 = 268,435,456
			// weights q 7168·8192 + k,v 7168·512 each + o 8192·7168 = 58,720,256+3,670,016·2+58,720,256 = 124,780,544
			name: "gqa", a: Attention{Kind: GQA, Heads: 64, KVHeads: 4, HeadDim: 128}, context: 8192,
			cached: 1024, core: 268435456, linearW: 124780544, rank: 8192,
		},
		{
			// MHA is GQA with kv = q heads: cached 2·8·64 = 1024; core 4·8·64·100 = 204,800;
			// weights 4·7168·512 = 14,680,064.
			name: "mha", a: Attention{Kind: GQA, Heads: 8, KVHeads: 8, HeadDim: 64}, context: 100,
			cached: 1024, core: 204800, linearW: 14680064, rank: 512,
		},
		{
			// MQA: one kv head. cached 2·64 = 128; weights q,o 7168·512 each + k,v 7168·64 each
			// = 2·3,670,016 + 2·458,752 = 8,257,536.
			name: "mqa", a: Attention{Kind: GQA, Heads: 8, HeadDim: 64, KVHeads: 1}, context: 100,
			cached: 128, core: 204800, linearW: 8257536, rank: 512,
		},
		{
			// Step-3 MFA: cached 2·256 = 512; core 4·64·256·8192 = 536,870,912;
			// weights q_down 7168·2048 = 14,680,064; q_up 2048·16384 = 33,554,432;
			// k, v 7168·256 = 1,835,008 each; o 16384·7168 = 117,440,512; sum 169,345,024.
			name: "mfa", a: Attention{Kind: MFA, Heads: 64, KVHeads: 1, HeadDim: 256, QueryRank: 2048}, context: 8192,
			cached: 512, core: 536870912, linearW: 169345024, rank: 16384,
		},
		{
			// DeepSeek-V3 MLA: cached 512+64 = 576; core 4·128·576·8192 = 2,415,919,104;
			// weights q_a 7168·1536 = 11,010,048; q_b 1536·128·192 = 37,748,736;
			// kv_a 7168·576 = 4,128,768; kv_b 512·128·256 = 16,777,216; o 16384·7168 = 117,440,512;
			// sum 187,105,280. Rank 128·128 = 16384 (RoPE part left out).
			name: "mla", a: Attention{Kind: MLA, Heads: 128, QueryRank: 1536, KVRank: 512, RopeDim: 64, NopeDim: 128, ValueDim: 128}, context: 8192,
			cached: 576, core: 2415919104, linearW: 187105280, rank: 16384,
		},
		{
			// Llama 4 chunked GQA 40/8 d128, window 8192, at 32768: attends to 8192 tokens.
			// core 4·40·128·8192 = 167,772,160; weights q,o 7168·5120 each + k,v 7168·1024 each
			// = 2·36,700,160 + 2·7,340,032 = 88,080,384.
			name: "chunked", a: Attention{Kind: GQA, Heads: 40, KVHeads: 8, HeadDim: 128, Window: 8192, Chunked: true}, context: 32768,
			cached: 2048, core: 167772160, linearW: 88080384, rank: 5120,
		},
		{
			// MiniMax Lightning 64 heads × 128: state 64·128·128 = 1,048,576; core 5 FLOPs per
			// state element (decay 1 + rank-one kᵀv 2 + read-out q·S 2) = 5,242,880 whatever C;
			// weights 5 · 7168·8192 = 293,601,280.
			name: "linear", a: Attention{Kind: Linear, Heads: 64, HeadDim: 128}, context: 1 << 20,
			state: 1048576, core: 5242880, linearW: 293601280, rank: 8192,
		},
		{
			// Qwen3-Next Gated DeltaNet: 32 value heads over 16 query/key heads, dk = dv = 128,
			// conv kernel 4. state 32·128·128 = 524,288; core 7 FLOPs per state element (decay 1
			// + kᵀS 2 + rank-one k·δᵀ 2 + read-out qᵀS 2) = 3,670,016, plus the convolution
			// 2·4·(2·16·128 + 32·128) = 2·4·8192 = 65,536: 3,735,552 whatever C.
			// weights in_proj_qkvz 7168·(2·2048 + 2·4096) = 7168·12288 = 88,080,384;
			// in_proj_ba 7168·(2·32) = 458,752; out_proj 4096·7168 = 29,360,128;
			// sum 117,899,264. Rank 32·128 = 4096.
			name: "gated-deltanet", a: Attention{Kind: GatedDeltaNet, Heads: 32, KVHeads: 16, HeadDim: 128, ValueDim: 128, ConvKernel: 4}, context: 8192,
			state: 524288, core: 3735552, linearW: 117899264, rank: 4096,
		},
		{
			// Qwen3-Next gated GQA 16/2 d256: q_proj carries the query and the output gate,
			// 7168·(2·16·256) = 58,720,256; k, v 7168·512 = 3,670,016 each; o 4096·7168 =
			// 29,360,128; sum 95,420,416. cached 2·2·256 = 1024; core 4·16·256·8192 = 134,217,728.
			name: "gqa-gated", a: Attention{Kind: GQA, Heads: 16, KVHeads: 2, HeadDim: 256, OutputGate: true}, context: 8192,
			cached: 1024, core: 134217728, linearW: 95420416, rank: 4096,
		},
		{
			// DeepSeek-V3.2 MLA with DeepSeek Sparse Attention at 128K: the core attends
			// min(131072, 2048) = 2048 latents: 4·128·576·2048 = 603,979,776.
			// weights: MLA's 187,105,280 (as "mla") + indexer_wq_b 1536·(64·128) = 12,582,912
			// + indexer_wk 7168·128 = 917,504 + indexer_weights_proj 7168·64 = 458,752
			// = 201,064,448. Cached 512+64 = 576 in the cache format (index key apart).
			name: "mla-dsa", a: Attention{Kind: MLADSA, Heads: 128, QueryRank: 1536, KVRank: 512, RopeDim: 64, NopeDim: 128, ValueDim: 128, IndexHeads: 64, IndexHeadDim: 128, IndexTopK: 2048}, context: 131072,
			cached: 576, core: 603979776, linearW: 201064448, rank: 16384,
		},
		{
			// A GLM-5.2 layer that reuses an earlier layer's top-k: no indexer weights.
			// core 4·64·576·2048 = 301,989,888; weights q_a 7168·2048 = 14,680,064; q_b
			// 2048·64·256 = 33,554,432; kv_a 7168·576 = 4,128,768; kv_b 512·64·448 = 14,680,064;
			// o 16384·7168 = 117,440,512; sum 184,483,840. Rank 64·192 = 12288.
			name: "mla-dsa-shared", a: Attention{Kind: MLADSA, Heads: 64, QueryRank: 2048, KVRank: 512, RopeDim: 64, NopeDim: 192, ValueDim: 256, IndexTopK: 2048, IndexShared: true}, context: 65536,
			cached: 576, core: 301989888, linearW: 184483840, rank: 12288,
		},
		{
			// MLA with a full-rank query (q_lora_rank 0), 16 heads: cached 512+64 = 576;
			// core 4·16·576·1000 = 36,864,000; weights q 7168·16·192 = 22,020,096;
			// kv_a 7168·576 = 4,128,768; kv_b 512·16·256 = 2,097,152; o 2048·7168 = 14,680,064;
			// sum 42,926,080. Rank 16·128 = 2048.
			name: "mla-full-rank-q", a: Attention{Kind: MLA, Heads: 16, KVRank: 512, RopeDim: 64, NopeDim: 128, ValueDim: 128}, context: 1000,
			cached: 576, core: 36864000, linearW: 42926080, rank: 2048,
		},
		{
			// gpt-oss sliding GQA 64/8 d64, window 128, at C = 100 < window: attends to all 100.
			// cached 2·8·64 = 1024; core 4·64·64·100 = 1,638,400; weights q, o 7168·4096 =
			// 29,360,128 each + k, v 7168·512 = 3,670,016 each = 66,060,288. Rank 64·64 = 4096.
			name: "sliding-below-window", a: Attention{Kind: GQA, Heads: 64, KVHeads: 8, HeadDim: 64, Window: 128}, context: 100,
			cached: 1024, core: 1638400, linearW: 66060288, rank: 4096,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.a.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := tc.a.CachedElementsPerToken(); got != tc.cached {
				t.Errorf("cached elements = %v, want %v", got, tc.cached)
			}
			if got := tc.a.StateElements(); got != tc.state {
				t.Errorf("state elements = %v, want %v", got, tc.state)
			}
			if got := tc.a.CoreFLOPsPerToken(tc.context); got != tc.core {
				t.Errorf("core FLOPs = %v, want %v", got, tc.core)
			}
			if got := tc.a.LinearWeights(H); got != tc.linearW {
				t.Errorf("linear weights = %v, want %v", got, tc.linearW)
			}
			if got := tc.a.EffectiveRank(); got != tc.rank {
				t.Errorf("effective rank = %v, want %v", got, tc.rank)
			}
		})
	}
}

// TestSparseAttentionTerms checks DeepSeek Sparse Attention's indexer and core terms by hand,
// on DeepSeek-V3.2's shape (n_I 64 index heads of d_I 128, top-k 2048) and H 7168, with an FP8
// latent cache.
func TestSparseAttentionTerms(t *testing.T) {
	const H = 7168
	a := Attention{Kind: MLADSA, Heads: 128, QueryRank: 1536, KVRank: 512, RopeDim: 64, NopeDim: 128, ValueDim: 128, IndexHeads: 64, IndexHeadDim: 128, IndexTopK: 2048}
	shared := a.WithSharedIndex()
	l := Layer{Attention: a, FFN: FFN{Kind: Dense, Width: 1}, Precision: FullFP8()}
	// Index key per token: 128 FP8 elements + ⌈128/128⌉ = 1 FP32 scale = 128 + 4 = 132 bytes.
	if got := a.IndexKeyBytesPerToken(); got != 132 {
		t.Errorf("index key bytes per token = %v, want 132", got)
	}
	// Cached per token: 576 latent bytes (FP8) + 132 = 708.
	if got := l.KVBytesPerToken(); got != 708 {
		t.Errorf("cached bytes per token = %v, want 708", got)
	}
	for _, tc := range []struct {
		context                        int
		attended, indexed              int
		core, indexer, kv, indexerByte float64
	}{
		// C = 131072: core over 2048: 4·128·576·2048 = 603,979,776; indexer scores
		// 2·64·128·131072 = 2,147,483,648 + weighting 2·64·131072 = 16,777,216 = 2,164,260,864;
		// latents read 576·2048 = 1,179,648 B; index keys read 132·131072 = 17,301,504 B.
		{131072, 2048, 131072, 603979776, 2164260864, 1179648, 17301504},
		// C = 2048 = top-k: the core is DeepSeek-V3's 4·128·576·2048 = 603,979,776; the indexer
		// 2·64·129·2048 = 33,816,576; latents 576·2048 = 1,179,648 B; keys 132·2048 = 270,336 B.
		{2048, 2048, 2048, 603979776, 33816576, 1179648, 270336},
		// C = 1000 < top-k: everything attended. core 4·128·576·1000 = 294,912,000; indexer
		// 2·64·129·1000 = 16,512,000; latents 576,000 B; keys 132,000 B.
		{1000, 1000, 1000, 294912000, 16512000, 576000, 132000},
	} {
		if a.AttendedTokens(tc.context) != tc.attended || a.IndexedTokens(tc.context) != tc.indexed {
			t.Errorf("C %d: attended %d indexed %d, want %d %d", tc.context, a.AttendedTokens(tc.context), a.IndexedTokens(tc.context), tc.attended, tc.indexed)
		}
		c := l.CountsAt(H, tc.context, CountOptions{})
		if c.AttentionFLOPs != tc.core || c.IndexerFLOPs != tc.indexer || c.KVBytes != tc.kv || c.IndexerBytes != tc.indexerByte {
			t.Errorf("C %d: core %v indexer %v kv %v index bytes %v; want %v %v %v %v", tc.context,
				c.AttentionFLOPs, c.IndexerFLOPs, c.KVBytes, c.IndexerBytes, tc.core, tc.indexer, tc.kv, tc.indexerByte)
		}
		// The shared layer has the same core and no indexer.
		s := Layer{Attention: shared, FFN: l.FFN, Precision: FullFP8()}.CountsAt(H, tc.context, CountOptions{})
		if s.AttentionFLOPs != tc.core || s.IndexerFLOPs != 0 || s.IndexerBytes != 0 || s.KVBytes != tc.kv {
			t.Errorf("C %d shared: %+v", tc.context, s)
		}
	}
	// DeepSeek-V3.2 at 2K = DeepSeek-V3's core plus the indexer: per layer 603,979,776 core
	// (both), and the indexer's 33,816,576 FLOPs and 270,336 B on top.
	v3, _ := Builtin("deepseek-v3")
	v32, _ := Builtin("deepseek-v3.2")
	c3, c32 := v3.CountsAt(2048, CountOptions{}).Total, v32.CountsAt(2048, CountOptions{}).Total
	if c3.AttentionFLOPs != c32.AttentionFLOPs || c3.KVBytes != c32.KVBytes {
		t.Errorf("deepseek-v3.2 core at 2K %v / %v B, deepseek-v3 %v / %v B", c32.AttentionFLOPs, c32.KVBytes, c3.AttentionFLOPs, c3.KVBytes)
	}
	if c32.IndexerFLOPs != 61*33816576 || c32.IndexerBytes != 61*270336 {
		t.Errorf("deepseek-v3.2 indexer at 2K %v FLOPs %v B, want 61·33,816,576 and 61·270,336", c32.IndexerFLOPs, c32.IndexerBytes)
	}
}

// TestRecurrentStateBytes checks the state read and written by a decode step, by hand.
func TestRecurrentStateBytes(t *testing.T) {
	const H = 2048
	gdn := Layer{Attention: Attention{Kind: GatedDeltaNet, Heads: 32, KVHeads: 16, HeadDim: 128, ValueDim: 128, ConvKernel: 4}, FFN: FFN{Kind: Dense, Width: 1}, Precision: FullFP8()}
	light := Layer{Attention: Attention{Kind: Linear, Heads: 64, HeadDim: 128}, FFN: FFN{Kind: Dense, Width: 1}, Precision: FullFP8()}
	for _, tc := range []struct {
		name          string
		l             Layer
		convState     float64
		kv, heldBytes float64
	}{
		// Gated DeltaNet: FP32 state 32·128·128 = 524,288 elements, read and written:
		// 2·524,288·4 = 4,194,304 B; convolution state (2·16·128 + 32·128)·(4−1) = 8192·3 =
		// 24,576 BF16 elements, read and written: 2·24,576·2 = 98,304 B; 4,292,608 in all.
		// Held once per sequence: 524,288·4 + 24,576·2 = 2,097,152 + 49,152 = 2,146,304 B.
		{"gdn", gdn, 24576, 4292608, 2146304},
		// Lightning: 64·128·128 = 1,048,576 FP32 elements: 2·1,048,576·4 = 8,388,608 B read
		// and written; 4,194,304 B held; no convolution.
		{"lightning", light, 0, 8388608, 4194304},
	} {
		if got := tc.l.Attention.ConvStateElements(); got != tc.convState {
			t.Errorf("%s: conv state %v, want %v", tc.name, got, tc.convState)
		}
		for _, c := range []int{1, 1 << 20} {
			if got := tc.l.CountsAt(H, c, CountOptions{}).KVBytes; got != tc.kv {
				t.Errorf("%s at %d: KV bytes %v, want %v", tc.name, c, got, tc.kv)
			}
		}
		if got := tc.l.StateBytes(); got != tc.heldBytes {
			t.Errorf("%s: state bytes %v, want %v", tc.name, got, tc.heldBytes)
		}
		if got := tc.l.KVBytesPerToken(); got != 0 {
			t.Errorf("%s: cached bytes per token %v, want 0", tc.name, got)
		}
	}
	// Convolution weights 8192·4 = 32,768, counted in the parameters.
	if got := gdn.Attention.ConvWeights(); got != 32768 {
		t.Errorf("conv weights %v, want 32768", got)
	}
}

// TestFFNKinds checks FFN weights and sparsity by hand.
func TestFFNKinds(t *testing.T) {
	const H = 7168
	for _, tc := range []struct {
		name                     string
		f                        FFN
		activated, total, router float64
		sparsity                 float64
	}{
		// Dense SwiGLU 18432: 3·7168·18432 = 396,361,728 weights.
		{"dense", FFN{Kind: Dense, Width: 18432}, 396361728, 396361728, 0, 1},
		// Step-3 MoE: one expert 3·7168·5120 = 110,100,480; activated (3+1)· = 440,401,920;
		// total (48+1)· = 5,394,923,520; router 7168·48 = 344,064; sparsity 4/49.
		{"moe-shared", FFN{Kind: MoE, Experts: 48, TopK: 3, ExpertWidth: 5120, SharedExperts: 1}, 440401920, 5394923520, 344064, 4.0 / 49},
		// No shared expert, Qwen3-style widths on H 7168: expert 3·7168·1536 = 33,030,144;
		// activated 8· = 264,241,152; total 128· = 4,227,858,432; router 917,504; 8/128.
		{"moe", FFN{Kind: MoE, Experts: 128, TopK: 8, ExpertWidth: 1536}, 264241152, 4227858432, 917504, 0.0625},
		// Shared experts of their own width: routed 3·7168·1024 = 22,020,096, shared
		// 3·7168·4096 = 88,080,384; activated 2·22,020,096 + 88,080,384 = 132,120,576;
		// total 16·22,020,096 + 88,080,384 = 440,401,920; sparsity 3/17.
		{"moe-wide-shared", FFN{Kind: MoE, Experts: 16, TopK: 2, ExpertWidth: 1024, SharedExperts: 1, SharedWidth: 4096}, 132120576, 440401920, 114688, 3.0 / 17},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.f.Validate(); err != nil {
				t.Fatal(err)
			}
			if got := tc.f.ActivatedWeights(H); got != tc.activated {
				t.Errorf("activated = %v, want %v", got, tc.activated)
			}
			if got := tc.f.TotalWeights(H); got != tc.total {
				t.Errorf("total = %v, want %v", got, tc.total)
			}
			if got := tc.f.RouterWeights(H); got != tc.router {
				t.Errorf("router = %v, want %v", got, tc.router)
			}
			if got := tc.f.Sparsity(); !near(got, tc.sparsity) {
				t.Errorf("sparsity = %v, want %v", got, tc.sparsity)
			}
		})
	}
}

// TestStep3At8192 checks Step-3's whole-model counts at 8K by hand (docs/design.md §counting, §zoo).
func TestStep3At8192(t *testing.T) {
	m, err := Builtin("step3")
	if err != nil {
		t.Fatal(err)
	}
	got := m.CountsAt(8192, CountOptions{})
	want := Counts{
		// 61 layers × 2·256 elements × 1 byte (FP8) × 8192 = 255,852,544
		KVBytes: 255852544,
		// 61 × 4·64·256·8192 = 61 × 536,870,912 = 32,749,125,632
		AttentionFLOPs: 32749125632,
		// 61 × 2 × 169,345,024 (see TestAttentionKinds) = 20,660,092,928
		LinearFLOPs: 20660092928,
		// MoE: 56 × 2 × 440,401,920 = 49,325,015,040; dense: 5 × 2 × 396,361,728 = 3,963,617,280
		FFNFLOPs: 53288632320,
	}
	if got.Total != want {
		t.Errorf("step3 at 8192:\n got %+v\nwant %+v", got.Total, want)
	}
	if len(got.Kinds) != 2 || got.Kinds[0].Kind != "mfa/dense" || got.Kinds[0].Layers != 5 || got.Kinds[1].Kind != "mfa/moe" || got.Kinds[1].Layers != 56 {
		t.Errorf("kinds = %+v, want 5× mfa/dense then 56× mfa/moe", got.Kinds)
	}
	// Arithmetic intensity 4·64·256 / (2·256·1) = 128 FLOP per byte.
	if ai := got.Total.ArithmeticIntensity(); ai != 128 {
		t.Errorf("arithmetic intensity = %v, want 128", ai)
	}
	if r := m.EffectiveRank(); r != 16384 {
		t.Errorf("effective rank = %d, want 16384", r)
	}
	// Router option: 56 MoE layers × 2·7168·48 = 38,535,168 more FFN FLOPs.
	withRouter := m.CountsAt(8192, CountOptions{Router: true})
	if d := withRouter.Total.FFNFLOPs - want.FFNFLOPs; d != 38535168 {
		t.Errorf("router adds %v FLOPs, want 38,535,168", d)
	}
	// LM head: 2·7168·128815 = 1,846,691,840.
	withHead := m.CountsAt(8192, CountOptions{LMHead: true})
	if d := withHead.Total.FFNFLOPs - want.FFNFLOPs; d != 1846691840 {
		t.Errorf("lm head adds %v FLOPs, want 1,846,691,840", d)
	}
}

// TestHybridKV checks the per-layer precision and window handling of the two hybrid report
// models at 8K and 32K.
func TestHybridKV(t *testing.T) {
	for _, tc := range []struct {
		id      string
		context int
		kv      float64
	}{
		// Llama 4 Maverick: 12 global layers × 2·8·128 × 2 bytes (BF16) × C
		// + 36 chunked × 2·8·128 × 1 byte × min(C, 8192).
		// 8K: 12·2048·2·8192 + 36·2048·8192 = 402,653,184 + 603,979,776 = 1,006,632,960
		{"llama4-maverick", 8192, 1006632960},
		// 32K: 12·2048·2·32768 + 36·2048·8192 = 1,610,612,736 + 603,979,776 = 2,214,592,512
		{"llama4-maverick", 32768, 2214592512},
		// MiniMax-M1: 10 softmax × 2·8·128 × 2 bytes × C + 70 × 2 (read+write) × 64·128·128 × 4 bytes.
		// 8K: 10·2048·2·8192 + 70·2·1,048,576·4 = 335,544,320 + 587,202,560 = 922,746,880
		{"minimax-m1", 8192, 922746880},
		// 32K: 1,342,177,280 + 587,202,560 = 1,929,379,840
		{"minimax-m1", 32768, 1929379840},
	} {
		m, err := Builtin(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.CountsAt(tc.context, CountOptions{}).Total.KVBytes; got != tc.kv {
			t.Errorf("%s at %d: KV bytes = %v, want %v", tc.id, tc.context, got, tc.kv)
		}
	}
}

// TestZooValid checks every built-in model validates and computes parameter counts within 5%
// of the quoted total and 15% of the quoted activated (computed counts leave out norms
// and MTP layers).
func TestZooValid(t *testing.T) {
	for _, id := range BuiltinIDs() {
		m, err := Builtin(id)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", id, err)
		}
		p := m.Params()
		if q := m.Quoted.Total; q > 0 && math.Abs(p.TotalWithEmbeddings()/q-1) > 0.05 {
			t.Errorf("%s: computed total %.4g vs quoted %.4g", id, p.TotalWithEmbeddings(), q)
		}
		// Vendors quote activated counts with (DeepSeek) or without (Qwen) embeddings.
		// Qwen3.5 counts the LM head but not the input embedding (3B: 2.44B + 0.51B).
		lmHead := p.Activated + float64(m.Vocab)*float64(m.Hidden)
		if q := m.Quoted.Activated; q > 0 && math.Abs(p.ActivatedWithEmbeddings()/q-1) > 0.15 && math.Abs(p.Activated/q-1) > 0.15 && math.Abs(lmHead/q-1) > 0.15 {
			t.Errorf("%s: computed activated %.4g vs quoted %.4g", id, p.ActivatedWithEmbeddings(), q)
		}
	}
	if _, err := Builtin("nosuch"); err == nil {
		t.Error("Builtin(nosuch) succeeded")
	}
	if n := len(ReportIDs()); n != 9 {
		t.Errorf("%d report models, want 9", n)
	}
}

// TestStep3Params checks Step-3's computed parameters by hand.
func TestStep3Params(t *testing.T) {
	m, _ := Builtin("step3")
	p := m.Params()
	// attention 61 × 169,345,024 = 10,330,046,464; routers 56 × 344,064 = 19,267,584;
	// MoE total 56 × 5,394,923,520 = 302,115,717,120; dense 5 × 396,361,728 = 1,981,808,640.
	// Total = 314,446,839,808.
	if p.Total != 314446839808 {
		t.Errorf("total = %v, want 314,446,839,808", p.Total)
	}
	// activated: attention 10,330,046,464 + routers 19,267,584 + MoE 56 × 440,401,920
	// = 24,662,507,520 + dense 1,981,808,640 = 36,993,630,208.
	if p.Activated != 36993630208 {
		t.Errorf("activated = %v, want 36,993,630,208", p.Activated)
	}
	// embeddings 2 × 128815 × 7168 = 1,846,691,840
	if p.Embedding != 1846691840 {
		t.Errorf("embedding = %v, want 1,846,691,840", p.Embedding)
	}
}

func TestValidateErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    Layer
	}{
		{"heads not dividing", Layer{Attention{Kind: GQA, Heads: 6, KVHeads: 4, HeadDim: 64}, FFN{Kind: Dense, Width: 8}, FullFP8()}},
		{"top-k over experts", Layer{Attention{Kind: GQA, Heads: 4, KVHeads: 4, HeadDim: 64}, FFN{Kind: MoE, Experts: 4, TopK: 5, ExpertWidth: 8}, FullFP8()}},
		{"negative window", Layer{Attention{Kind: GQA, Heads: 4, KVHeads: 4, HeadDim: 64, Window: -1}, FFN{Kind: Dense, Width: 8}, FullFP8()}},
		{"zero width", Layer{Attention{Kind: GQA, Heads: 4, KVHeads: 4, HeadDim: 64}, FFN{Kind: Dense}, FullFP8()}},
		{"unknown kind", Layer{Attention{Kind: "sparse", Heads: 4}, FFN{Kind: Dense, Width: 8}, FullFP8()}},
		{"bad precision", Layer{Attention{Kind: GQA, Heads: 4, KVHeads: 4, HeadDim: 64}, FFN{Kind: Dense, Width: 8}, LayerPrecision{precision.FP8, "fp7", precision.FP32, precision.FP8}}},
	} {
		if err := tc.l.Validate(); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

// TestKVBytesPerToken checks the one home of the KV-bytes formula against hand counts.
func TestKVBytesPerToken(t *testing.T) {
	get := func(id string) *Model {
		m, err := Builtin(id)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	step3, v3, next, oss := get("step3"), get("deepseek-v3"), get("qwen3-next-80b-a3b"), get("gpt-oss-120b")
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		// MFA: 2 (K and V) × 1 KV head × 256 = 512 elements, FP8: 512 B per token.
		{"step3 layer per token", step3.Layers[0].KVBytesPerToken(), 512},
		// × 61 layers, all global.
		{"step3 per context token", step3.KVBytesPerContextToken(), 512 * 61},
		// At 1000 tokens: 512 × 1000, no state.
		{"step3 layer cache at 1000", step3.Layers[0].CacheBytes(1000), 512 * 1000},
		// MLA: latent 512 + rope 64 = 576 elements, FP8, × 61 layers.
		{"deepseek-v3 per context token", v3.KVBytesPerContextToken(), 576 * 61},
		// gpt-oss even layers: 2 × 8 × 64 = 1024 B per token, window 128: 1024 × 128 at 1000.
		{"gpt-oss windowed layer cache at 1000", oss.Layers[0].CacheBytes(1000), 1024 * 128},
		// Only the 18 global layers count: 18 × 1024.
		{"gpt-oss per context token", oss.KVBytesPerContextToken(), 18 * 1024},
		// Qwen3-Next: 12 GQA layers of 2 × 2 × 256 = 1024 B per token.
		{"qwen3-next per context token", next.KVBytesPerContextToken(), 12 * 1024},
		// Gated DeltaNet state: 32 heads × 128 × 128 = 524288 elements, FP32: 2097152 B; plus
		// the convolution state (2·16·128 + 32·128) × (4 − 1) = 24576 BF16 elements, 49152 B.
		{"qwen3-next linear state", next.Layers[0].StateBytes(), 32*128*128*4 + 8192*3*2},
		// Read and written once per token over 36 linear layers: 2 × 36 × 2146304.
		{"qwen3-next state per decoded token", next.StateBytesPerDecodedToken(), 2 * 36 * (32*128*128*4 + 8192*3*2)},
		// A linear layer's cache at any context is its state alone.
		{"qwen3-next linear cache at 1000", next.Layers[0].CacheBytes(1000), 32*128*128*4 + 8192*3*2},
		// DeepSeek-V3.2 keeps all C tokens: (576 + 132) × 100000 at 100000 (top-k 2048).
		{"deepseek-v3.2 layer cache at 100000", get("deepseek-v3.2").Layers[0].CacheBytes(100000), 708 * 100000},
		// GLM-5.2: 21 full-indexer layers of 576 + 132 and 57 shared layers of 576.
		{"glm-5.2 per context token", get("glm-5.2").KVBytesPerContextToken(), 21*708 + 57*576},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}
