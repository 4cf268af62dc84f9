package cost

import (
	"math"
	"os"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// opNamed returns the op called name, failing the test if there is none.
func opNamed(t *testing.T, ops []Op, name string) Op {
	t.Helper()
	for _, o := range ops {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("no op %q in %v", name, ops)
	return Op{}
}

// kindOf returns the layer kind of m called name.
func kindOf(t *testing.T, m *model.Model, name string) model.LayerKind {
	t.Helper()
	for _, k := range m.Kinds() {
		if k.Name == name {
			return k
		}
	}
	t.Fatalf("model %s has no layer kind %q", m.ID, name)
	return model.LayerKind{}
}

func nearRel(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b)) }

// opWant is an op's hand-computed FLOPs, bytes and weight and cache parts.
type opWant struct {
	name                     string
	flops, bytes, weight, kv float64
	bound                    hardware.Bound
	idealSeconds             float64 // 0: not checked
	compute                  precision.Format
}

func checkOps(t *testing.T, ops []Op, wants []opWant) {
	t.Helper()
	for _, w := range wants {
		o := opNamed(t, ops, w.name)
		if !near(o.FLOPs, w.flops) || !near(o.Bytes, w.bytes) || !near(o.WeightBytes, w.weight) || !near(o.CacheBytes, w.kv) {
			t.Errorf("%s %s: flops %v bytes %v weights %v cache %v; want %v %v %v %v",
				o.LayerKind, w.name, o.FLOPs, o.Bytes, o.WeightBytes, o.CacheBytes, w.flops, w.bytes, w.weight, w.kv)
		}
		if w.bound != "" && o.Bound != w.bound {
			t.Errorf("%s: bound %s, want %s", w.name, o.Bound, w.bound)
		}
		if w.idealSeconds != 0 && !nearRel(o.IdealSeconds, w.idealSeconds, 1e-12) {
			t.Errorf("%s: ideal %v s, want %v", w.name, o.IdealSeconds, w.idealSeconds)
		}
		if w.compute != "" && o.Compute != w.compute {
			t.Errorf("%s: computes in %s, want %s", w.name, o.Compute, w.compute)
		}
		if !near(o.Intensity, o.FLOPs/o.Bytes) {
			t.Errorf("%s: intensity %v != flops/bytes", w.name, o.Intensity)
		}
	}
}

// TestStep3AttentionOps: Step-3 (MFA, H 7168, 64 heads of 256, query rank 2048, full FP8) on
// H800, 32 sequences at 8192 on one GPU.
func TestStep3AttentionOps(t *testing.T) {
	m := builtin(t, "step3")
	ops, err := AttentionOps(m.Hidden, kindOf(t, m, "mfa/moe"), card(t, "h800"), hardware.Ideal(),
		AttentionStep{Sequences: 32, Context: 8192, GPUs: 1})
	if err != nil {
		t.Fatal(err)
	}
	// 5 projections, the core and the router.
	if len(ops) != 7 {
		t.Fatalf("%d ops, want 7: %v", len(ops), ops)
	}
	checkOps(t, ops, []opWant{
		// q_down 7168×2048 = 14,680,064 FP8 weights; FLOPs 2·32·14,680,064 = 939,524,096;
		// bytes 14,680,064 + 32·7168 (FP8 in) + 32·2048·2 (BF16 out) = 15,040,512;
		// ideal max(939,524,096/1.98e15, 15,040,512/3.35e12) = 4.48971e-6 s, memory.
		{name: "q_down", flops: 939524096, bytes: 15040512, weight: 14680064, bound: hardware.MemoryBound,
			idealSeconds: 15040512 / 3.35e12, compute: precision.FP8},
		// q_up 2048×16384 = 33,554,432; bytes + 32·2048 + 32·16384·2 = 33,554,432 + 65,536 + 1,048,576.
		{name: "q_up", flops: 2 * 32 * 33554432, bytes: 33554432 + 65536 + 1048576, weight: 33554432},
		// k 7168×256 = 1,835,008; bytes + 32·7168 + 32·256·2 = 1,835,008 + 229,376 + 16,384.
		{name: "k_proj", flops: 2 * 32 * 1835008, bytes: 1835008 + 229376 + 16384, weight: 1835008},
		// o 16384×7168 = 117,440,512; bytes + 32·16384 + 32·7168·2 = + 524,288 + 458,752.
		{name: "o_proj", flops: 2 * 32 * 117440512, bytes: 117440512 + 524288 + 458752, weight: 117440512},
		// core: 4·64·256·8192 = 536,870,912 FLOPs per token × 32 = 17,179,869,184;
		// KV 2·256·1 B·8192 = 4,194,304 per sequence × 32 = 134,217,728; q+o 2·16384·2 B = 65,536
		// per token × 32 = 2,097,152; total 136,314,880 B → 40.69 µs memory-bound
		// (compute 8.68 µs).
		{name: "attention_core", flops: 17179869184, bytes: 136314880, kv: 134217728,
			bound: hardware.MemoryBound, idealSeconds: 136314880 / 3.35e12},
		// router 7168×48 BF16 = 344,064 weights, 688,128 B; FLOPs 2·32·344,064 = 22,020,096;
		// activations 32·(7168+48)·2 = 461,824 B.
		{name: "router", flops: 22020096, bytes: 688128 + 461824, weight: 688128, compute: precision.BF16},
	})
	// The dense kind has no router.
	dense, _ := AttentionOps(m.Hidden, kindOf(t, m, "mfa/dense"), card(t, "h800"), hardware.Ideal(),
		AttentionStep{Sequences: 32, Context: 8192, GPUs: 1})
	if len(dense) != 6 {
		t.Errorf("mfa/dense: %d ops, want 6 (no router)", len(dense))
	}
}

// TestAttentionParallelism: DP gives each GPU b/g sequences and all weights; TP splits
// heads and weights but MFA's single K/V head (and q_down, k, v) is replicated, and GQA
// keeps at least one KV head per GPU.
func TestAttentionParallelism(t *testing.T) {
	h800 := card(t, "h800")
	step3 := builtin(t, "step3")
	qwen := builtin(t, "qwen3-235b-a22b")
	ds := builtin(t, "deepseek-v3")
	for _, tc := range []struct {
		name   string
		m      *model.Model
		kind   string
		s      AttentionStep
		weight float64 // attention projection weight bytes per GPU
		kv     float64 // KV bytes per GPU
	}{
		// Step-3 weights: q_down 14,680,064 + q_up 33,554,432 + k 1,835,008 + v 1,835,008 +
		// o 117,440,512 = 169,345,024 B (FP8). KV 4,194,304 B per sequence at 8K.
		{"step3 g1", step3, "mfa/moe", AttentionStep{32, 8192, 1, DataParallel}, 169345024, 32 * 4194304},
		// DP over 8: 4 sequences per GPU, all weights.
		{"step3 dp8", step3, "mfa/moe", AttentionStep{32, 8192, 8, DataParallel}, 169345024, 4 * 4194304},
		// TP over 8: q_up 2048×2048 = 4,194,304 and o 2048×7168 = 14,680,064 split;
		// q_down 14,680,064, k and v 1,835,008 each replicated: 37,224,448 B. The single K/V
		// head is replicated: every GPU reads the KV of all 32 sequences.
		{"step3 tp8", step3, "mfa/moe", AttentionStep{32, 8192, 8, TensorParallel}, 37224448, 32 * 4194304},
		// DeepSeek-V3: q_a 11,010,048 + q_b 37,748,736 + kv_a 4,128,768 + kv_b 16,777,216 +
		// o 117,440,512 = 187,105,280; latent 576 B per token, 4,718,592 per sequence at 8K.
		{"dsv3 dp8", ds, "mla/moe", AttentionStep{16, 8192, 8, DataParallel}, 187105280, 2 * 4718592},
		// TP 8: q_b 1536×(16·192) = 4,718,592, kv_b 512×(16·256) = 2,097,152, o 2048×7168 =
		// 14,680,064 split; q_a and kv_a replicated: 11,010,048 + 4,718,592 + 4,128,768 +
		// 2,097,152 + 14,680,064 = 36,634,624. Latent replicated.
		{"dsv3 tp8", ds, "mla/moe", AttentionStep{16, 8192, 8, TensorParallel}, 36634624, 16 * 4718592},
		// Qwen3-235B: q 4096×8192 + k 4096×512 + v 4096×512 + o 8192×4096 = 71,303,168;
		// KV 2·4·128·1 B = 1024 B per token, 8,388,608 per sequence at 8K.
		{"qwen dp4", qwen, "gqa/moe", AttentionStep{8, 8192, 4, DataParallel}, 71303168, 2 * 8388608},
		// TP 4: one KV head per GPU: q 4096×2048 + k 4096×128 + v 4096×128 + o 2048×4096 =
		// 17,825,792; KV 256 B per token → 2,097,152 per sequence × 8.
		{"qwen tp4", qwen, "gqa/moe", AttentionStep{8, 8192, 4, TensorParallel}, 17825792, 8 * 2097152},
		// TP 8: 8 q heads but still one (replicated) KV head per GPU: q 4096×1024 + k, v
		// 4096×128 + o 1024×4096 = 9,437,184; KV as TP 4.
		{"qwen tp8", qwen, "gqa/moe", AttentionStep{8, 8192, 8, TensorParallel}, 9437184, 8 * 2097152},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ops, err := AttentionOps(tc.m.Hidden, kindOf(t, tc.m, tc.kind), h800, hardware.Ideal(), tc.s)
			if err != nil {
				t.Fatal(err)
			}
			var proj float64
			for _, o := range ops {
				if o.Name != "attention_core" && o.Name != "router" {
					proj += o.WeightBytes
				}
			}
			if !near(proj, tc.weight) {
				t.Errorf("projection weight bytes %v, want %v", proj, tc.weight)
			}
			if kv := opNamed(t, ops, "attention_core").CacheBytes; !near(kv, tc.kv) {
				t.Errorf("KV bytes %v, want %v", kv, tc.kv)
			}
		})
	}
	if _, err := AttentionOps(qwen.Hidden, kindOf(t, qwen, "gqa/moe"), h800, hardware.Ideal(), AttentionStep{8, 8192, 3, TensorParallel}); err == nil {
		t.Error("64 heads split over 3 GPUs accepted")
	}
}

// TestDeepSeekCore: DeepSeek-V3's absorbed MLA core, 16 sequences at 8K on one H800.
func TestDeepSeekCore(t *testing.T) {
	m := builtin(t, "deepseek-v3")
	ops, err := AttentionOps(m.Hidden, kindOf(t, m, "mla/moe"), card(t, "h800"), hardware.Ideal(), AttentionStep{16, 8192, 1, ""})
	if err != nil {
		t.Fatal(err)
	}
	checkOps(t, ops, []opWant{
		// 4·128·576·8192 = 2,415,919,104 FLOPs per token × 16 = 38,654,705,664; latent
		// 576·8192 = 4,718,592 B × 16 = 75,497,472; q 128·192 + o 128·128 = 40,960 elements,
		// 81,920 B per token × 16 = 1,310,720. Bytes 76,808,192: memory 22.93 µs > compute
		// 19.52 µs.
		{name: "attention_core", flops: 38654705664, bytes: 76808192, kv: 75497472,
			bound: hardware.MemoryBound, idealSeconds: 76808192 / 3.35e12},
		// kv_b 512×32768 = 16,777,216; bytes + 16·512 + 16·32768·2 = + 8,192 + 1,048,576.
		{name: "kv_b_proj", flops: 2 * 16 * 16777216, bytes: 16777216 + 8192 + 1048576, weight: 16777216},
		// router 7168×256 BF16: 3,670,016 B; FLOPs 2·16·1,835,008; activations 16·7424·2.
		{name: "router", flops: 2 * 16 * 1835008, bytes: 3670016 + 16*7424*2, weight: 3670016},
	})
}

// TestFFNOps: experts spread by EP, the expected active experts, shared and dense FFNs.
func TestFFNOps(t *testing.T) {
	h800 := card(t, "h800")
	ds := builtin(t, "deepseek-v3")
	qwen := builtin(t, "qwen3-235b-a22b")
	step3 := builtin(t, "step3")

	// DeepSeek-V3, 1 token on 8 GPUs: 32 experts per GPU, 32·(1 − (1 − 8/256)^1) = 1 active;
	// 1·8/8 = 1 token-expert pair per GPU.
	ops, err := FFNOps(ds.Hidden, kindOf(t, ds, "mla/moe"), h800, hardware.Ideal(), FFNStep{Tokens: 1, GPUs: 8})
	if err != nil {
		t.Fatal(err)
	}
	checkOps(t, ops, []opWant{
		// gate_up 7168×4096 = 29,360,128 FP8 weights; FLOPs 2·7168·4096 = 58,720,256;
		// activations 7168 (FP8 in) + 4096·2 (BF16 out) = 15,360.
		{name: "routed_gate_up", flops: 58720256, bytes: 29360128 + 15360, weight: 29360128, bound: hardware.MemoryBound},
		// down 2048×7168 = 14,680,064; activations 2048 + 7168·2 = 16,384.
		{name: "routed_down", flops: 29360128, bytes: 14680064 + 16384, weight: 14680064},
		// shared expert on every GPU, 1/8 token each: FLOPs 58,720,256/8 = 7,340,032;
		// activations (7168 + 8192)/8 = 1,920.
		{name: "shared_gate_up", flops: 7340032, bytes: 29360128 + 1920, weight: 29360128},
		{name: "shared_down", flops: 3670016, bytes: 14680064 + 2048, weight: 14680064},
	})

	// Qwen3-235B, 128 tokens on 16 GPUs: 8 experts per GPU; active 8·(1 − (15/16)^128) =
	// 8·(1 − 2.5864e-4) = 7.99793; 128·8/16 = 64 pairs. No shared expert.
	ops, err = FFNOps(qwen.Hidden, kindOf(t, qwen, "gqa/moe"), h800, hardware.Ideal(), FFNStep{Tokens: 128, GPUs: 16})
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 2 {
		t.Fatalf("qwen: %d ops, want 2 (no shared expert)", len(ops))
	}
	active := 8 * (1 - math.Pow(15.0/16, 128))
	if !nearRel(active, 7.99793, 1e-5) {
		t.Fatalf("active experts %v, want 7.99793", active)
	}
	if got := ExpectedActiveExperts(8, 128, 8, 128); !near(got, active) {
		t.Errorf("ExpectedActiveExperts = %v, want %v", got, active)
	}
	checkOps(t, ops, []opWant{
		// gate_up: FLOPs 2·64·4096·3072 = 1,610,612,736; weights active·4096·3072;
		// activations 64·4096 + 64·3072·2 = 262,144 + 393,216.
		{name: "routed_gate_up", flops: 1610612736, bytes: active*12582912 + 655360, weight: active * 12582912},
		// down: FLOPs 2·64·1536·4096 = 805,306,368; activations 64·1536 + 64·4096·2.
		{name: "routed_down", flops: 805306368, bytes: active*6291456 + 98304 + 524288, weight: active * 6291456},
	})

	// Step-3 dense FFN (width 18432) TP over 8, 64 tokens: 2304 wide per GPU.
	ops, err = FFNOps(step3.Hidden, kindOf(t, step3, "mfa/dense"), h800, hardware.Ideal(), FFNStep{Tokens: 64, GPUs: 8})
	if err != nil {
		t.Fatal(err)
	}
	checkOps(t, ops, []opWant{
		// gate_up 7168×4608 = 33,030,144; FLOPs 2·64·33,030,144 = 4,227,858,432;
		// activations 64·7168 + 64·4608·2 = 458,752 + 589,824.
		{name: "dense_gate_up", flops: 4227858432, bytes: 33030144 + 1048576, weight: 33030144},
		// down 2304×7168 = 16,515,072; activations 64·2304 + 64·7168·2 = 147,456 + 917,504.
		{name: "dense_down", flops: 2 * 64 * 16515072, bytes: 16515072 + 147456 + 917504, weight: 16515072},
	})

	// Step-3 MoE, 4096 tokens on 1 GPU: all 48 experts active (1 − (45/48)^4096 = 1 in
	// float64), 4096·3 = 12,288 pairs; gate_up FLOPs 2·12,288·7168·10240 = 1.8039e12, on H800
	// FP8 0.911 ms compute-bound against 48·73,400,320 B = 3.52e9 B → 1.05 ms: memory.
	ops, err = FFNOps(step3.Hidden, kindOf(t, step3, "mfa/moe"), h800, hardware.Ideal(), FFNStep{Tokens: 4096, GPUs: 1})
	if err != nil {
		t.Fatal(err)
	}
	g := opNamed(t, ops, "routed_gate_up")
	if !near(g.WeightBytes, 48*73400320) || !near(g.FLOPs, 2*12288*7168*10240.0) || g.Bound != hardware.MemoryBound {
		t.Errorf("step3 routed gate_up at T=4096: %+v", g)
	}
	if _, err := FFNOps(step3.Hidden, kindOf(t, step3, "mfa/moe"), h800, hardware.Ideal(), FFNStep{Tokens: 4, GPUs: 64}); err == nil {
		t.Error("64 GPUs for 48 experts accepted")
	}
}

// TestPrecisionFromModel: formats come from the layer's precision (so WithPrecision works)
// and the card's fallback.
func TestPrecisionFromModel(t *testing.T) {
	m := builtin(t, "step3").WithPrecision(model.PrecisionOverride{Weights: precision.BF16, Cache: precision.BF16})
	k := kindOf(t, m, "mfa/moe")
	ops, err := AttentionOps(m.Hidden, k, card(t, "h800"), hardware.Ideal(), AttentionStep{1, 1024, 1, ""})
	if err != nil {
		t.Fatal(err)
	}
	// BF16 weights: q_down 14,680,064·2 B; FP8 compute: input 7168·1 B, output 2048·2 B.
	checkOps(t, ops, []opWant{
		{name: "q_down", flops: 2 * 14680064, bytes: 2*14680064 + 7168 + 4096, weight: 2 * 14680064, compute: precision.FP8},
		// BF16 cache: 2·256·2 B·1024 = 1,048,576; q+o 65,536 B.
		{name: "attention_core", flops: 4 * 64 * 256 * 1024, bytes: 1048576 + 65536, kv: 1048576},
	})
	// A800 has no FP8: BF16 compute, so inputs are read as BF16 (7168·2 B).
	fp8 := kindOf(t, builtin(t, "step3"), "mfa/moe")
	ops, err = AttentionOps(m.Hidden, fp8, card(t, "a800"), hardware.Ideal(), AttentionStep{1, 1024, 1, ""})
	if err != nil {
		t.Fatal(err)
	}
	checkOps(t, ops, []opWant{
		{name: "q_down", flops: 2 * 14680064, bytes: 14680064 + 14336 + 4096, weight: 14680064, compute: precision.BF16,
			idealSeconds: (14680064 + 14336 + 4096) / 2e12},
	})
}

// TestRooflineTotals: the layer totals are the sums of their ops, and calibrated times are
// never below ideal ones.
func TestRooflineTotals(t *testing.T) {
	for _, id := range model.BuiltinIDs() {
		m := builtin(t, id)
		for _, s := range []AttentionStep{{1, 8192, 1, DataParallel}, {256, 32768, 8, DataParallel}, {64, 4096, 8, TensorParallel}} {
			r, err := Roofline(m, card(t, "h20"), hardware.DefaultProfile(), s, RooflineOptions{})
			if err != nil {
				if s.Parallel == TensorParallel {
					continue // some models' heads do not split over 8
				}
				t.Fatalf("%s %+v: %v", id, s, err)
			}
			var attn, ffn []Op
			for _, o := range r.Ops {
				if o.CalibratedSeconds < o.IdealSeconds {
					t.Errorf("%s %s: calibrated %v < ideal %v", id, o.Name, o.CalibratedSeconds, o.IdealSeconds)
				}
				if o.LayerKind == r.AttentionKind && !isFFNOp(o.Name) {
					attn = append(attn, o)
				}
				if o.LayerKind == r.FFNKind && isFFNOp(o.Name) {
					ffn = append(ffn, o)
				}
			}
			if got, want := r.AttentionLayer, SumOps(attn); got != want {
				t.Errorf("%s: attention total %+v != sum %+v", id, got, want)
			}
			if got, want := r.FFNLayer, SumOps(ffn); got != want {
				t.Errorf("%s: ffn total %+v != sum %+v", id, got, want)
			}
		}
	}
	// Step-3: the most common kind is mfa/moe (56 layers) for both.
	r, err := Roofline(builtin(t, "step3"), card(t, "h800"), hardware.Ideal(), AttentionStep{32, 8192, 1, ""}, RooflineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.AttentionKind != "mfa/moe" || r.FFNKind != "mfa/moe" {
		t.Errorf("kinds %s, %s; want mfa/moe twice", r.AttentionKind, r.FFNKind)
	}
	// 2 kinds × (attention + FFN): dense 6 + 2, moe 7 + 4 = 19 ops.
	if len(r.Ops) != 19 {
		t.Errorf("%d ops, want 19", len(r.Ops))
	}
	// --attention-compute bf16: the attention computes in BF16, the FFN stays FP8.
	r, err = Roofline(builtin(t, "step3"), card(t, "h800"), hardware.Ideal(), AttentionStep{32, 8192, 1, ""}, RooflineOptions{AttentionCompute: precision.BF16})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range r.Ops {
		want := precision.FP8
		if !isFFNOp(o.Name) || o.Name == "router" {
			want = precision.BF16
		}
		if o.Compute != want {
			t.Errorf("%s %s computes in %s, want %s", o.LayerKind, o.Name, o.Compute, want)
		}
	}
}

func isFFNOp(name string) bool {
	switch name {
	case "routed_gate_up", "routed_down", "shared_gate_up", "shared_down", "dense_gate_up", "dense_down":
		return true
	}
	return false
}

func TestStepErrors(t *testing.T) {
	m := builtin(t, "step3")
	k := kindOf(t, m, "mfa/moe")
	h := card(t, "h800")
	for _, s := range []AttentionStep{{0, 8192, 1, ""}, {math.NaN(), 8192, 1, ""}, {1, 0, 1, ""}, {1, 8192, 0, ""}, {1, 8192, 1, "pp"}} {
		if _, err := AttentionOps(m.Hidden, k, h, hardware.Ideal(), s); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
	for _, s := range []FFNStep{{0, 1}, {math.Inf(1), 1}, {1, 0}} {
		if _, err := FFNOps(m.Hidden, k, h, hardware.Ideal(), s); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
	if _, err := ParseParallelism("xp"); err == nil {
		t.Error("ParseParallelism(xp) accepted")
	}
}

// TestOpsCountWhatWasMeasured: an expert GEMM op counts the FLOPs and bytes the H200
// measurement file gives for the same shape (weights + FP8-or-BF16 inputs + BF16 outputs),
// so the calibration fitted on those rows applies to the ops as counted. One routed expert
// (E = k = 1) on one GPU receives all T tokens.
func TestOpsCountWhatWasMeasured(t *testing.T) {
	f, err := os.Open("../testdata/h200/gemm.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms, err := hardware.ReadMeasurements(f)
	if err != nil {
		t.Fatal(err)
	}
	hidden := map[string]int{"step3": 7168, "deepseek-v3": 7168, "qwen3-235b": 4096}
	h200 := card(t, "h200")
	n := 0
	for _, m := range ms {
		if m.Kind != "expert_gemm" {
			continue
		}
		h := hidden[m.Model]
		width := m.K // down: K = width
		if m.Method == "gate_up" {
			width = m.N / 2
		}
		p := model.LayerPrecision{Weights: m.Format, Cache: m.Format, State: precision.FP32, Compute: m.Format}
		k := model.LayerKind{Name: "one-expert", Layer: model.Layer{
			Attention: model.Attention{Kind: model.GQA, Heads: 1, KVHeads: 1, HeadDim: 1},
			FFN:       model.FFN{Kind: model.MoE, Experts: 1, TopK: 1, ExpertWidth: width},
			Precision: p,
		}}
		ops, err := FFNOps(h, k, h200, hardware.DefaultProfile(), FFNStep{Tokens: float64(m.Tokens), GPUs: 1})
		if err != nil {
			t.Fatal(err)
		}
		o := opNamed(t, ops, "routed_"+m.Method)
		if o.FLOPs != m.FLOPs || o.Bytes != m.Bytes {
			t.Errorf("line %d %s: op flops %v bytes %v, measured row %v %v", m.Line, m.Label(), o.FLOPs, o.Bytes, m.FLOPs, m.Bytes)
		}
		n++
	}
	if n != 132 {
		t.Errorf("%d expert rows checked, want 132", n)
	}
}
