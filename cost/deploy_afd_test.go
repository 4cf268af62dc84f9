package cost

import (
	"math"
	"strings"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
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
// step. H800: FP8 1980e12 FLOP/s, BF16 989e12, 3.35e12 B/s, NIC 400 Gb/s = 50e9 B/s, NVLink
// 200e9 B/s. Priced without tables under halfProfile and no minimum kernel time, so every
// calibrated op is exactly twice its ideal; balanced expert load (imbalance none).
func TestEvaluateAFDStep3By2A2FByHand(t *testing.T) {
	hw := h800(t)
	const fp8, bf16, bw = 1980e12, 989e12, 3.35e12
	roof := func(flops, bytes, peak float64) float64 { return math.Max(flops/peak, bytes/bw) }
	const b, T = 64.0, 1024.0

	// Attention GEMMs on one GPU, b = 64 tokens, H = 7168; weights FP8 (1 B), inputs FP8
	// (1 B), outputs BF16 (2 B). GEMM In×Out: FLOPs 2·b·In·Out, bytes In·Out + b·In + b·Out·2.
	gemm := func(in, out float64) float64 { return roof(2*b*in*out, in*out+b*in+b*out*2, fp8) }
	// Elementwise: bytes / bandwidth.
	elem := func(bytesPerToken float64) float64 { return b * bytesPerToken / bw }
	quant := func(width float64) float64 { return elem(3*width + 4*math.Ceil(width/128)) }
	want := map[string]float64{
		// input_norm (fused add + RMSNorm): 4·7168·2 B per token → 0.274 µs.
		"input_norm": elem(4 * 7168 * 2),
		// q_down, k_proj and v_proj read the layer input: one fused GEMM 7168 → 2560:
		// 19.14e6 B → 5.713 µs (memory), after its FP8 quantisation.
		"q_down+k_proj+v_proj.quantize": quant(7168),
		"q_down+k_proj+v_proj":          gemm(7168, 2048+256+256),
		"q_up.quantize":                 quant(2048),
		"q_up":                          gemm(2048, 64*256), // 35.78e6 B → 10.68 µs
		// RoPE on the 64 query heads and the key head, 256 wide, read and written in BF16.
		"rope":     elem(2 * (64 + 1) * 256 * 2),
		"kv_store": elem(2 * 512 * 1), // K and V of one 256-wide head, FP8, read + write
		// core: FLOPs 4·64 heads·256·4096 per token = 268.4e6, ×64 = 17.18e9 (8.68 µs);
		// bytes: 512 B per cached token (FP8) × 4096 × 64 = 134.2e6, plus q and o (64·256
		// each) in BF16 × 64 tokens = 4.19e6 → 41.32 µs (memory).
		"attention_core":      roof(64*268435456, 64*512*4096+64*(16384+16384)*2, fp8),
		"o_proj.quantize":     quant(64 * 256),
		"o_proj":              gemm(64*256, 7168), // 119.4e6 B → 35.64 µs
		"post_attention_norm": elem(4 * 7168 * 2),
		// The router of an MoE layer: 7168×48 in BF16 → 0.481 µs; top-k reads 48 FP32 logits
		// and writes 3 (index, weight) pairs.
		"router": roof(2*b*7168*48, 7168*48*2+b*(7168+48)*2, bf16),
		"topk":   elem(48*4 + 3*8),
	}
	// MoE FFN over 16 GPUs: 48/16 = 3 experts per GPU, all active (1 − (2/3)^192 = 1 to float
	// precision), r = 1024·3/16 = 192 token-expert pairs; I = 5120. No DeepEP table on this
	// plan, so the MoE permutes the pairs and sums the outputs itself.
	ffnGEMM := func(tokens, experts, in, out float64) float64 {
		return roof(2*tokens*in*out, experts*in*out+tokens*in+tokens*out*2, fp8)
	}
	moeFFN := map[string]float64{
		"routed_permute":          192 * 2 * 7168 * 2 / bw,
		"routed_gate_up":          ffnGEMM(192, 3, 7168, 2*5120), // 225.5e6 B → 67.32 µs
		"routed_silu_mul":         192 * (2*5120*2 + 5120) / bw,
		"routed_down":             ffnGEMM(192, 3, 5120, 7168), // 113.8e6 B → 33.98 µs
		"routed_sum":              192 * (7168*2 + 7168*2/3.0) / bw,
		"shared_gate_up.quantize": 64 * (3*7168 + 4*56) / bw,    // shared experts: T/16 = 64 tokens
		"shared_gate_up":          ffnGEMM(64, 1, 7168, 2*5120), // 75.2e6 B → 22.44 µs
		"shared_silu_mul":         64 * (2*5120*2 + 5120) / bw,
		"shared_down.quantize":    64 * (3*5120 + 4*40) / bw,
		"shared_down":             ffnGEMM(64, 1, 5120, 7168), // 37.9e6 B → 11.33 µs
	}
	// Dense FFN (width 18432): TP over one instance's 8 GPUs (2304 each), T/y = 512 tokens:
	// gate_up 33.8e9 FLOPs → 17.08 µs (compute); down 8.54 µs (compute).
	denseFFN := map[string]float64{
		"dense_gate_up.quantize": 512 * (3*7168 + 4*56) / bw,
		"dense_gate_up":          ffnGEMM(512, 1, 7168, 2*2304),
		"dense_silu_mul":         512 * (2*2304*2 + 2304) / bw,
		"dense_down.quantize":    512 * (3*2304 + 4*18) / bw,
		"dense_down":             ffnGEMM(512, 1, 2304, 7168),
	}

	as := DefaultAssumptions()
	as.Profile = halfProfile()
	as.MinKernelSeconds = 0
	as.Tables = kernels.NewSet("h800")
	r, err := EvaluateAFD(step3(t), AFDPlan{
		Context: 4096, AttentionHardware: hw, FFNHardware: hw,
		AttentionInstances: 2, FFNInstances: 2, GPUsPerInstance: 8,
		Batch: 3072, MicroBatches: 3, Assumptions: as,
		Serving: Serving{Imbalance: Imbalance{Kind: ImbalanceNone}, Breakdown: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.GPUs != 32 || r.SequencesPerAttentionGPU != 64 || r.FFNTokens != 1024 || r.Family() != "2A2F" || r.Schedule != ScheduleAFDPipeline {
		t.Fatalf("plan: %d GPUs, b %v, T %v, %s, %s", r.GPUs, r.SequencesPerAttentionGPU, r.FFNTokens, r.Family(), r.Schedule)
	}
	if len(r.Layers) != 2 || r.Layers[0].Layers != 5 || r.Layers[1].Layers != 56 {
		t.Fatalf("layer kinds: %+v", r.Layers)
	}
	dense, moe := r.Layers[0], r.Layers[1]
	// Every op of the breakdown: its ideal time by hand, its calibrated twice that; the
	// phases sum them.
	var sums [2][numPhases]float64
	seen := map[string]bool{}
	for _, o := range r.Breakdown {
		if o.Stage == "step" {
			continue
		}
		w, ok := want[o.Op]
		if !ok {
			w, ok = moeFFN[o.Op]
			if o.Stage == dense.Kind {
				w, ok = denseFFN[o.Op]
			}
		}
		if o.Phase == "dispatch" || o.Phase == "combine" {
			continue
		}
		if !ok {
			t.Errorf("%s: unexpected op %s", o.Stage, o.Op)
			continue
		}
		seen[o.Stage+"/"+o.Op] = true
		if !deployNear(o.IdealSeconds, w) || !deployNear(o.CalibratedSeconds, 2*w) {
			t.Errorf("%s %s: %v/%v, want %v/%v", o.Stage, o.Op, o.IdealSeconds, o.CalibratedSeconds, w, 2*w)
		}
		if o.Basis != "profile:half" {
			t.Errorf("%s %s: basis %s", o.Stage, o.Op, o.Basis)
		}
		i := 0
		if o.Stage == moe.Kind {
			i = 1
		}
		for p := Phase(0); p < numPhases; p++ {
			if p.String() == o.Phase {
				sums[i][p] += o.IdealSeconds
			}
		}
	}
	if n := len(seen); n != 2*len(want)-2+len(moeFFN)+len(denseFFN) { // the dense layer has no router and top-k
		t.Errorf("%d ops seen: %v", n, seen)
	}
	for i, l := range []DeployLayer{dense, moe} {
		for p := Phase(0); p < numPhases; p++ {
			if p == PhaseDispatch || p == PhaseCombine {
				continue
			}
			if !deployNear(l.Phases[p].Ideal, sums[i][p]) || !deployNear(l.Phases[p].Calibrated, 2*sums[i][p]) {
				t.Errorf("%s %s: %v, ops sum to %v", l.Kind, p, l.Phases[p], sums[i][p])
			}
		}
	}

	// Communication: each token goes to the 2·(1 − C(24,3)/C(48,3)) = 1.765957 FFN instances
	// holding its 3 experts. Dispatch: 64 tokens × 1.765957 × 7392 B (FP8 + scales) on the
	// attention GPU's NIC = 16.709 µs, the same on an FFN GPU's (1024·1.765957/16 tokens);
	// NVLink inside the instance carries 192·7/8 = 168 pairs = 6.21 µs. Combine: 14336 B per
	// token, 32.41 µs. Calibrated: /0.8 + 10 µs.
	hit := 2 * (1 - 24.0*23*22/(48*47*46))
	disp, comb := 64*hit*7392/50e9, 64*hit*14336/50e9
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"dispatch", moe.Dispatch.Ideal, disp},
		{"combine", moe.Combine.Ideal, comb},
		{"dispatch calibrated", moe.Dispatch.Calibrated, disp/0.8 + 10e-6},
		{"combine calibrated", moe.Combine.Calibrated, comb/0.8 + 10e-6},
		// A dense layer's tokens go to one FFN instance, whose 8 GPUs split the FFN by TP:
		// each receives 512/8 = 64 tokens over its NIC (9.46 µs) and the other 448 from its
		// peers over NVLink, 448 × 7392 B at 200e9 B/s = 16.56 µs, which binds; calibrated
		// at 0.77 of NVLink + 10 µs = 31.50 µs. Combine: 448 × 14336 B → 32.11 µs ideal,
		// 51.70 µs calibrated.
		{"dense dispatch", dense.Dispatch.Ideal, 448 * 7392 / 200e9},
		{"dense dispatch calibrated", dense.Dispatch.Calibrated, 448*7392/(200e9*DefaultScaleUpEfficiency) + 10e-6},
		{"dense combine calibrated", dense.Combine.Calibrated, 448*14336/(200e9*DefaultScaleUpEfficiency) + 10e-6},
		// afd-pipeline, m = 3: max(3·max(t_A, t_D, t_F, t_C), t_A + t_D + t_F + t_C).
		{"moe period", moe.Period.Ideal, math.Max(3*math.Max(math.Max(moe.Attention.Ideal, moe.FFN.Ideal), math.Max(disp, comb)),
			moe.Attention.Ideal+disp+moe.FFN.Ideal+comb)},
		// TPOT: 56 MoE and 5 dense layers' periods plus the step's embedding, final norm,
		// LM head and sampling.
		{"tpot ideal", r.TPOT.Ideal, 56*moe.Period.Ideal + 5*dense.Period.Ideal + r.StepOpsTime.Ideal},
		{"tgs calibrated", r.TGS.Calibrated, 3072 / r.TPOT.Calibrated / 32},
		// 32 H800 at 2 USD/h: 64/3600 USD/s ÷ (3072/TPOT tokens/s) × 1e6.
		{"usd per mtok", r.USDPerMTok.Calibrated, 64.0 / 3600 / (3072 / r.TPOT.Calibrated) * 1e6},
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
	if !r.Fits {
		t.Error("the plan should fit 0.9 × 80 GB on both sides")
	}
	assertPipelineIdentities(t, r)
}

// assertPipelineIdentities checks the acceptance identities on r itself: each layer's period
// is its schedule's period of its phases (afd-pipeline: max(m·max(t_A, t_D, t_F, t_C), t_A +
// t_D + t_F + t_C)); the step is Σ layers × passes × period plus the MTP passes, the per-step
// ops and the overhead; TPOT = step / credited tokens; TGS = N × credited / step / GPUs; the
// ideal TGS bounds the calibrated one.
func assertPipelineIdentities(t *testing.T, r DeployResult) {
	t.Helper()
	s, err := BuiltinSchedule(r.Schedule, r.Mode, r.MicroBatches)
	if err != nil {
		t.Fatal(err)
	}
	var layers, mtp StageSeconds
	for _, l := range r.Layers {
		var di, dc PhaseSeconds
		for p := range di {
			di[p], dc[p] = l.Phases[p].Ideal, l.Phases[p].Calibrated
		}
		if pi, pc := s.Period(&di), s.Period(&dc); !deployNear(l.Period.Ideal, pi) || !deployNear(l.Period.Calibrated, pc) {
			t.Errorf("%s %s: period %v, schedule gives %v/%v", r.Family(), l.Kind, l.Period, pi, pc)
		}
		if r.Schedule == ScheduleAFDPipeline {
			m := float64(r.MicroBatches)
			a, f := l.Attention.Calibrated, l.FFN.Calibrated
			d, c := l.Dispatch.Calibrated, l.Combine.Calibrated
			if want := math.Max(m*math.Max(math.Max(a, f), math.Max(d, c)), a+d+f+c); !deployNear(l.Period.Calibrated, want) {
				t.Errorf("%s %s: period %v, max(m·max, round trip) = %v", r.Family(), l.Kind, l.Period.Calibrated, want)
			}
		}
		n := float64(l.Layers * max(l.Passes, 1))
		if strings.HasPrefix(l.Kind, "mtp:") {
			mtp = mtp.add(l.Period.scale(n))
		} else {
			layers = layers.add(l.Period.scale(n))
		}
	}
	if !deployNear(r.LayersTime.Ideal, layers.Ideal) || !deployNear(r.LayersTime.Calibrated, layers.Calibrated) {
		t.Errorf("%s: layers %v, Σ layers × period = %v", r.Family(), r.LayersTime, layers)
	}
	if r.MTPTime.Calibrated+1e-15 < mtp.Calibrated {
		t.Errorf("%s: MTP %v below its layers' %v", r.Family(), r.MTPTime, mtp)
	}
	step := r.LayersTime.add(r.MTPTime).add(r.StepOpsTime)
	step.Calibrated += r.StepOverheadSeconds
	if !deployNear(r.StepTime.Ideal, step.Ideal) || !deployNear(r.StepTime.Calibrated, step.Calibrated) {
		t.Errorf("%s: step %v, parts %v", r.Family(), r.StepTime, step)
	}
	c := r.CreditedTokensPerStep
	if !deployNear(r.TPOT.Calibrated, r.StepTime.Calibrated/c) || !deployNear(r.TPOT.Ideal, r.StepTime.Ideal/c) {
		t.Errorf("%s: TPOT %v ≠ step / %v", r.Family(), r.TPOT, c)
	}
	if !deployNear(r.TGS.Ideal, r.TotalBatch*c/r.StepTime.Ideal/float64(r.GPUs)) || !deployNear(r.TGS.Calibrated, r.TotalBatch*c/r.StepTime.Calibrated/float64(r.GPUs)) {
		t.Errorf("%s: TGS %v/%v ≠ N × credited / step / GPUs", r.Family(), r.TGS.Ideal, r.TGS.Calibrated)
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
	// One kind: the layers take L × its period, the step adds the per-step ops.
	if want := float64(len(m.Layers))*l.Period.Calibrated + r.StepOpsTime.Calibrated; !deployNear(r.TPOT.Calibrated, want) {
		t.Errorf("TPOT %v, want L·period + step ops = %v", r.TPOT.Calibrated, want)
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
	// b = 1536/48 = 32 tokens, each sent to the 2·(1 − C(24,3)/C(48,3)) = 1.765957 FFN
	// instances holding its 3 experts: 32·1.765957·7392 B at 25e9 B/s = 16.709 µs ideal (the
	// FFN GPUs' 50e9 B/s NICs and NVLink are faster).
	hit := 2 * (1 - 24.0*23*22/(48*47*46))
	if got := r.Layers[1].Dispatch.Ideal; !deployNear(got, 32*hit*7392/25e9) {
		t.Errorf("dispatch %v, want %v", got, 32*hit*7392/25e9)
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
