package cost

import (
	"math"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// deployNear reports whether got is within a relative 1e-9 of want.
func deployNear(got, want float64) bool {
	return math.Abs(got-want) <= 1e-9*math.Max(math.Abs(want), 1e-30)
}

// halfProfile computes at half of every peak and bandwidth with no kernel overhead, so
// that every calibrated op time is exactly twice its ideal time.
func halfProfile() hardware.Profile {
	return hardware.Profile{Name: "half", ComputeFraction: hardware.ComputeFractions{BF16: 0.5, FP8: 0.5}, BandwidthFraction: 0.5}
}

// h800 is the built-in H800 (card).
func h800(t *testing.T) hardware.Accelerator {
	t.Helper()
	return card(t, "h800")
}

// step3 is the built-in Step-3 (builtin).
func step3(t *testing.T) *model.Model {
	t.Helper()
	return builtin(t, "step3")
}

// TestEvaluateAFDStep3By2A2FByHand computes one Step-3 plan on H800 by hand: 2 attention
// and 2 FFN instances of 8 GPUs, N = 3072 sequences at C = 4096 in m = 3 micro-batches, so
// b = 3072/(3·2·8) = 64 sequences per attention GPU and T = 3072/3 = 1024 tokens per FFN
// step. H800: FP8 1980e12 FLOP/s, BF16 989e12, 3.35e12 B/s, NIC 400 Gb/s = 50e9 B/s.
func TestEvaluateAFDStep3By2A2FByHand(t *testing.T) {
	hw := h800(t)
	const fp8, bf16, bw = 1980e12, 989e12, 3.35e12
	roof := func(flops, bytes, peak float64) float64 { return math.Max(flops/peak, bytes/bw) }
	const b, T = 64.0, 1024.0

	// Attention on one GPU, b = 64 tokens, H = 7168; weights FP8 (1 B), inputs FP8 (1 B),
	// outputs BF16 (2 B). GEMM In×Out: FLOPs 2·b·In·Out, bytes In·Out + b·In + b·Out·2.
	gemm := func(in, out float64) float64 { return roof(2*b*in*out, in*out+b*in+b*out*2, fp8) }
	attn := gemm(7168, 2048) + // q_down: 1.88e9 FLOPs, 15.40e6 B → 4.597 µs (memory)
		gemm(2048, 64*256) + // q_up: 35.78e6 B → 10.68 µs
		2*gemm(7168, 256) + // k_proj, v_proj: 2.33e6 B → 0.694 µs each
		gemm(64*256, 7168) + // o_proj: 119.4e6 B → 35.64 µs
		// core: FLOPs 4·64 heads·256·4096 per token = 268.4e6, ×64 = 17.18e9 (8.68 µs);
		// bytes: 2·1·256 = 512 B per cached token (FP8) × 4096 × 64 = 134.2e6, plus q and o
		// (64·256 each) in BF16 × 64 tokens = 4.19e6 → 41.32 µs (memory).
		roof(64*268435456, 64*512*4096+64*(16384+16384)*2, fp8)
	// The router of an MoE layer: 7168×48 in BF16, FLOPs 2·64·344064, bytes 344064·2 +
	// 64·(7168+48)·2 = 1.61e6 → 0.481 µs.
	router := roof(2*b*7168*48, 7168*48*2+b*(7168+48)*2, bf16)
	attnMoE := attn + router // ≈ 94.11 µs; dense layers ≈ 93.63 µs

	// MoE FFN over 16 GPUs: 48/16 = 3 experts per GPU, all active (1 − (45/48)^1024 = 1 to
	// float precision), r = 1024·3/16 = 192 token-expert pairs; I = 5120.
	active := 3 * (1 - math.Pow(1-3.0/48, T))
	ffnGEMM := func(tokens, experts, in, out float64) float64 {
		return roof(2*tokens*in*out, experts*in*out+tokens*in+tokens*out*2, fp8)
	}
	ffnMoE := ffnGEMM(192, active, 7168, 2*5120) + // routed gate_up: 225.5e6 B → 67.32 µs
		ffnGEMM(192, active, 5120, 7168) + // routed down: 113.8e6 B → 33.98 µs
		ffnGEMM(64, 1, 7168, 2*5120) + // shared gate_up, T/16 = 64 tokens: 75.2e6 B → 22.44 µs
		ffnGEMM(64, 1, 5120, 7168) // shared down: 37.9e6 B → 11.33 µs; total ≈ 135.06 µs
	// Dense FFN (width 18432): TP over one instance's 8 GPUs (2304 each), T/y = 512 tokens:
	// gate_up FLOPs 2·512·7168·4608 = 33.8e9 → 17.08 µs (compute); down 8.54 µs (compute).
	ffnDense := ffnGEMM(512, 1, 7168, 2*2304) + ffnGEMM(512, 1, 2304, 7168)

	// Communication: 64 tokens on every NIC (attention GPU: b = 64; FFN GPU: 1024/16 = 64).
	// Dispatch 7168 + 4·7168/128 = 7392 B per token, combine 2·7168 = 14336 B.
	dispIdeal, combIdeal := 64*7392/50e9, 64*14336/50e9 // 9.46 µs + 18.35 µs
	commIdeal := dispIdeal + combIdeal                  // m = 3: one stage for both
	commCal := dispIdeal/0.8 + 10e-6 + combIdeal/0.8 + 10e-6

	// Ideal: MoE layers max(94.11, 135.06, 27.81) = FFN; dense max(93.63, 25.62, 27.81) =
	// attention. TPOT = Σ m·max = 56·3·135.06 µs + 5·3·93.63 µs ≈ 24.09 ms.
	tpotIdeal := 56*3*math.Max(attnMoE, math.Max(ffnMoE, commIdeal)) + 5*3*math.Max(attn, math.Max(ffnDense, commIdeal))
	// Calibrated under halfProfile: every op takes twice as long; the network 0.8 and 10 µs.
	tpotCal := 56*3*math.Max(2*attnMoE, math.Max(2*ffnMoE, commCal)) + 5*3*math.Max(2*attn, math.Max(2*ffnDense, commCal))

	as := DefaultAssumptions()
	as.Profile = halfProfile()
	r, err := EvaluateAFD(step3(t), AFDPlan{
		Context: 4096, AttentionHardware: hw, FFNHardware: hw,
		AttentionInstances: 2, FFNInstances: 2, GPUsPerInstance: 8,
		Batch: 3072, MicroBatches: 3, Assumptions: as,
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.GPUs != 32 || r.SequencesPerAttentionGPU != 64 || r.FFNTokens != 1024 || r.Family() != "2A2F" {
		t.Fatalf("plan: %d GPUs, b %v, T %v, %s", r.GPUs, r.SequencesPerAttentionGPU, r.FFNTokens, r.Family())
	}
	if len(r.Layers) != 2 || r.Layers[0].Layers != 5 || r.Layers[1].Layers != 56 {
		t.Fatalf("layer kinds: %+v", r.Layers)
	}
	dense, moe := r.Layers[0], r.Layers[1]
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"dense attention", dense.Attention.Ideal, attn},
		{"moe attention", moe.Attention.Ideal, attnMoE},
		{"moe attention calibrated", moe.Attention.Calibrated, 2 * attnMoE},
		{"dense ffn", dense.FFN.Ideal, ffnDense},
		{"moe ffn", moe.FFN.Ideal, ffnMoE},
		{"dispatch", moe.Dispatch.Ideal, dispIdeal},
		{"combine", moe.Combine.Ideal, combIdeal},
		{"communication", moe.Communication.Ideal, commIdeal},
		{"communication calibrated", moe.Communication.Calibrated, commCal},
		{"tpot ideal", r.TPOT.Ideal, tpotIdeal},
		{"tpot calibrated", r.TPOT.Calibrated, tpotCal},
		{"tgs ideal", r.TGS.Ideal, 3072 / tpotIdeal / 32},
		{"tgs calibrated", r.TGS.Calibrated, 3072 / tpotCal / 32},
		// 32 H800 at 2 USD/h: 64/3600 USD/s ÷ (3072/TPOT tokens/s) × 1e6.
		{"usd per mtok", r.USDPerMTok.Calibrated, 64.0 / 3600 / (3072 / tpotCal) * 1e6},
		// Attention GPU: 61 layers × 169,345,024 projection weights (FP8) + 56 routers ×
		// 7168·48·2 B + embedding and LM head 2·128815·7168·2 B + 3072/16 = 192 sequences ×
		// 61 layers × 512 B × 4096 tokens ≈ 38.62 GB.
		{"attention memory", r.AttentionGPUMemoryBytes, 61*169345024 + 56*7168*48*2 + 2*128815*7168*2 + 192*61*512*4096.0},
		// FFN GPU: 56 MoE layers × (3 routed + 1 shared) × 3·7168·5120 B + 5 dense layers ×
		// 3·7168·18432/8 B ≈ 24.91 GB.
		{"ffn memory", r.FFNGPUMemoryBytes, 56*4*3*7168*5120 + 5*3*7168*18432/8.0},
	} {
		if !deployNear(c.got, c.want) {
			t.Errorf("%s = %.9g, want %.9g", c.name, c.got, c.want)
		}
	}
	if moe.BindingStageIdeal != StageFFN || dense.BindingStageIdeal != StageAttention {
		t.Errorf("ideal binding stages: moe %s, dense %s; want ffn, attention", moe.BindingStageIdeal, dense.BindingStageIdeal)
	}
	if r.DominantKind != moe.Kind || r.BindingStage != StageFFN {
		t.Errorf("dominant %s binding %s, want %s ffn", r.DominantKind, r.BindingStage, moe.Kind)
	}
	if !r.Fits {
		t.Error("the plan should fit 0.9 × 80 GB on both sides")
	}
	assertPipelineIdentities(t, r)
}

// assertPipelineIdentities checks the acceptance identities on r itself: TPOT = Σ over
// layers of m·max(stage) (L·m·max for one kind), TGS = N / TPOT / GPUs.
func assertPipelineIdentities(t *testing.T, r DeployResult) {
	t.Helper()
	var ideal, cal float64
	for _, l := range r.Layers {
		m := float64(r.MicroBatches)
		if r.Mode == ModeAFD {
			ideal += float64(l.Layers) * m * math.Max(l.Attention.Ideal, math.Max(l.FFN.Ideal, l.Communication.Ideal))
			cal += float64(l.Layers) * m * math.Max(l.Attention.Calibrated, math.Max(l.FFN.Calibrated, l.Communication.Calibrated))
		} else if r.MicroBatches > 1 {
			ideal += float64(l.Layers) * m * math.Max(l.Attention.Ideal+l.FFN.Ideal, l.Communication.Ideal)
			cal += float64(l.Layers) * m * math.Max(l.Attention.Calibrated+l.FFN.Calibrated, l.Communication.Calibrated)
		}
	}
	if r.Mode == ModeAFD || r.MicroBatches > 1 {
		if !deployNear(r.TPOT.Ideal, ideal) || !deployNear(r.TPOT.Calibrated, cal) {
			t.Errorf("%s: TPOT %v/%v, Σ layers·m·max(stage) = %v/%v", r.Family(), r.TPOT.Ideal, r.TPOT.Calibrated, ideal, cal)
		}
	}
	if !deployNear(r.TGS.Ideal, r.TotalBatch/r.TPOT.Ideal/float64(r.GPUs)) || !deployNear(r.TGS.Calibrated, r.TotalBatch/r.TPOT.Calibrated/float64(r.GPUs)) {
		t.Errorf("%s: TGS %v/%v ≠ N/TPOT/GPUs", r.Family(), r.TGS.Ideal, r.TGS.Calibrated)
	}
	if r.TGS.Ideal < r.TGS.Calibrated {
		t.Errorf("%s: ideal TGS %v < calibrated %v", r.Family(), r.TGS.Ideal, r.TGS.Calibrated)
	}
}

// A model of one layer kind: TPOT is exactly L·m·max(t_A, t_F, t_C).
func TestEvaluateAFDUniformModel(t *testing.T) {
	m, err := model.Builtin("qwen3-235b-a22b")
	if err != nil {
		t.Fatal(err)
	}
	hw := h800(t)
	r, err := EvaluateAFD(m, AFDPlan{Context: 8192, AttentionHardware: hw, FFNHardware: hw, AttentionInstances: 3,
		FFNInstances: 2, GPUsPerInstance: 8, Batch: 4608, MicroBatches: 4, Assumptions: DefaultAssumptions()})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Layers) != 1 {
		t.Fatalf("%d layer kinds, want 1", len(r.Layers))
	}
	l := r.Layers[0]
	want := float64(len(m.Layers)) * 4 * math.Max(l.Attention.Calibrated, math.Max(l.FFN.Calibrated, l.Communication.Calibrated))
	if !deployNear(r.TPOT.Calibrated, want) {
		t.Errorf("TPOT %v, want L·m·max = %v", r.TPOT.Calibrated, want)
	}
	// m = 4: dispatch and combine are separate stages, t_C = max of the two.
	if !deployNear(l.Communication.Calibrated, math.Max(l.Dispatch.Calibrated, l.Combine.Calibrated)) {
		t.Errorf("m = 4: t_C %v, want max(dispatch %v, combine %v)", l.Communication.Calibrated, l.Dispatch.Calibrated, l.Combine.Calibrated)
	}
	assertPipelineIdentities(t, r)
}

// Heterogeneous AFD: attention on A800 (no FP8: BF16 compute, 200 Gb/s NIC), FFN on H800.
// The busiest NIC is then an A800's: with 16 attention GPUs and 16 FFN GPUs each side has
// the same tokens, and the A800's NIC is half as fast.
func TestEvaluateAFDHeterogeneous(t *testing.T) {
	cat := hardware.Builtin()
	a800, _ := cat.Get("a800")
	hw := h800(t)
	r, err := EvaluateAFD(step3(t), AFDPlan{Context: 4096, AttentionHardware: a800, FFNHardware: hw, AttentionInstances: 2,
		FFNInstances: 2, GPUsPerInstance: 8, Batch: 1536, MicroBatches: 3, Assumptions: DefaultAssumptions()})
	if err != nil {
		t.Fatal(err)
	}
	if r.AttentionHardware != "a800" || r.FFNHardware != "h800" {
		t.Fatalf("hardware %s/%s", r.AttentionHardware, r.FFNHardware)
	}
	// b = 1536/48 = 32 tokens: dispatch 32·7392 B at 25e9 B/s = 9.4618 µs ideal.
	if got := r.Layers[1].Dispatch.Ideal; !deployNear(got, 32*7392/25e9) {
		t.Errorf("dispatch %v, want %v", got, 32*7392/25e9)
	}
	// 16 × 0.75 + 16 × 2.00 = 44 USD/h.
	if !deployNear(r.USDPerMTok.Ideal, 44.0/3600/r.Throughput.Ideal*1e6) {
		t.Errorf("usd/mtok %v", r.USDPerMTok.Ideal)
	}
	assertPipelineIdentities(t, r)
}

func TestEvaluateAFDErrors(t *testing.T) {
	hw := h800(t)
	noNIC, _ := hardware.Builtin().Get("l40s")
	good := AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, AttentionInstances: 1, FFNInstances: 1,
		GPUsPerInstance: 8, Batch: 24, MicroBatches: 3, Assumptions: DefaultAssumptions()}
	for _, c := range []struct {
		name string
		edit func(p *AFDPlan)
	}{
		{"zero context", func(p *AFDPlan) { p.Context = 0 }},
		{"zero batch", func(p *AFDPlan) { p.Batch = 0 }},
		{"negative instances", func(p *AFDPlan) { p.FFNInstances = -1 }},
		{"zero micro-batches", func(p *AFDPlan) { p.MicroBatches = 0 }},
		{"efficiency above 1", func(p *AFDPlan) { p.Assumptions.Network.Efficiency = 1.5 }},
		{"NaN latency", func(p *AFDPlan) { p.Assumptions.Network.MessageLatencySeconds = math.NaN() }},
		{"memory fraction 0", func(p *AFDPlan) { p.Assumptions.MemoryUsableFraction = 0 }},
		{"no NIC", func(p *AFDPlan) { p.FFNHardware = noNIC }},
		{"more FFN GPUs than experts", func(p *AFDPlan) { p.FFNInstances = 7 }},
		{"bad kv format", func(p *AFDPlan) { p.AttentionKV = "fp7" }},
	} {
		p := good
		c.edit(&p)
		if _, err := EvaluateAFD(step3(t), p); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	if _, err := EvaluateAFD(step3(t), good); err != nil {
		t.Errorf("good plan: %v", err)
	}
	// --nic replaces a missing NIC.
	p := good
	p.FFNHardware = noNIC
	p.Assumptions.Network.NICBitsPerSecond = 400e9
	if _, err := EvaluateAFD(step3(t), p); err != nil {
		t.Errorf("nic override: %v", err)
	}
}

// BF16 KV doubles the KV cache an attention GPU holds.
func TestEvaluateAFDAttentionKV(t *testing.T) {
	hw := h800(t)
	p := AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, AttentionInstances: 1, FFNInstances: 1,
		GPUsPerInstance: 8, Batch: 240, MicroBatches: 3, Assumptions: DefaultAssumptions()}
	fp8, err := EvaluateAFD(step3(t), p)
	if err != nil {
		t.Fatal(err)
	}
	p.AttentionKV = "bf16"
	bf, err := EvaluateAFD(step3(t), p)
	if err != nil {
		t.Fatal(err)
	}
	// 30 sequences × 61 layers × 512 elements × 4096 tokens × 1 more byte.
	if d := bf.AttentionGPUMemoryBytes - fp8.AttentionGPUMemoryBytes; !deployNear(d, 30*61*512*4096) {
		t.Errorf("bf16 KV adds %v B, want %v", d, 30*61*512*4096.0)
	}
	if bf.Layers[1].Attention.Ideal <= fp8.Layers[1].Attention.Ideal {
		t.Error("bf16 KV should make attention slower")
	}
}
