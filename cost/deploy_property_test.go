package cost

import (
	"math/rand/v2"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// TestIdealBoundsCalibrated is the property issue 12 item 9 asks for: over many random plans —
// models, cards, modes, batches, contexts, MTP, precision presets, schedules, imbalance,
// overheads — the ideal TGS is never below the calibrated one, and every op's ideal time is at
// most its calibrated time. (Ideal is 100% of peak, no latency, balanced load; calibrated
// only ever adds to it, and the schedule's period is monotone in its phases.)
func TestIdealBoundsCalibrated(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 9))
	cat := hardware.Builtin()
	models := []string{"deepseek-v3", "qwen3-30b-a3b", "step3", "qwen3-235b-a22b", "qwen3-8b", "kimi-k2", "llama3.1-70b"}
	cards := []string{"h800", "h20", "h100", "h200", "a800", "b200"}
	presets := ServingPrecisionPresets()
	imb := []Imbalance{{}, {Kind: ImbalanceNone}, {Kind: ImbalanceRatio, Ratio: 1.4}}
	checked := 0
	for i := 0; i < 300; i++ {
		m, _ := model.Builtin(models[rng.IntN(len(models))])
		hw, _ := cat.Get(cards[rng.IntN(len(cards))])
		as := DefaultAssumptions()
		if rng.IntN(3) == 0 {
			as.Profile = halfProfile()
		}
		prec, _ := ServingPrecisionPreset(presets[rng.IntN(len(presets))])
		sv := Serving{Precision: prec, Imbalance: imb[rng.IntN(len(imb))], StepOverheadSeconds: float64(rng.IntN(3)) * 1e-3, Breakdown: true}
		if m.MTPLayers > 0 && rng.IntN(2) == 0 {
			sv.MTP = MTP{DraftTokens: 1 + rng.IntN(3), AcceptRate: rng.Float64()}
		}
		ctx := 512 << rng.IntN(6)
		var r DeployResult
		var err error
		if rng.IntN(2) == 0 {
			gpus := []int{1, 4, 8, 16, 32, 64}[rng.IntN(6)]
			mb := 1 + rng.IntN(2)
			r, err = EvaluateEP(m, EPPlan{Context: ctx, Hardware: hw, GPUs: gpus, BatchPerGPU: mb * (1 + rng.IntN(64)), MicroBatches: mb, Assumptions: as, Serving: sv})
		} else {
			ffn, _ := cat.Get(cards[rng.IntN(len(cards))])
			mb := 1 + rng.IntN(4)
			x, y := 1+rng.IntN(3), 1+rng.IntN(2)
			r, err = EvaluateAFD(m, AFDPlan{Context: ctx, AttentionHardware: hw, FFNHardware: ffn, AttentionInstances: x, FFNInstances: y,
				GPUsPerInstance: 8, Batch: mb * x * 8 * (1 + rng.IntN(64)), MicroBatches: mb, Assumptions: as, Serving: sv})
		}
		if err != nil {
			continue // an impossible plan (more GPUs than experts, …): nothing to check
		}
		checked++
		if r.TGS.Ideal < r.TGS.Calibrated*(1-1e-12) {
			t.Errorf("%s %s %s: ideal TGS %v < calibrated %v", r.Model, r.AttentionHardware, r.Family(), r.TGS.Ideal, r.TGS.Calibrated)
		}
		for _, o := range r.Breakdown {
			if o.IdealSeconds > o.CalibratedSeconds*(1+1e-12) {
				t.Errorf("%s %s %s: op %s/%s ideal %v > calibrated %v (%s)", r.Model, r.AttentionHardware, r.Family(), o.Stage, o.Op, o.IdealSeconds, o.CalibratedSeconds, o.Basis)
			}
		}
		assertPipelineIdentities(t, r)
	}
	if checked < 150 {
		t.Errorf("only %d of 300 random plans were valid", checked)
	}
}

// TestMTPCredit: with K = 1 draft token accepted with p = 0.6, a step runs 2 tokens per
// sequence and credits 1.6; the MTP layer (like the last MoE layer) runs once at 2 tokens; the
// attention core reads each sequence's KV once per step whatever the query length.
func TestMTPCredit(t *testing.T) {
	m := builtin(t, "deepseek-v3")
	hw := h800(t)
	plan := EPPlan{Context: 4096, Hardware: hw, GPUs: 128, BatchPerGPU: 128, MicroBatches: 2, Assumptions: DefaultAssumptions(),
		Serving: Serving{MTP: MTP{DraftTokens: 1, AcceptRate: 0.6}, Breakdown: true}}
	r, err := EvaluateEP(m, plan)
	if err != nil {
		t.Fatal(err)
	}
	if r.TokensPerStep != 2 || !deployNear(r.CreditedTokensPerStep, 1.6) {
		t.Fatalf("tokens per step %d, credited %v", r.TokensPerStep, r.CreditedTokensPerStep)
	}
	if n := len(r.Layers); n != 3 || r.Layers[2].Kind != "mtp:mla/moe" || r.Layers[2].TokensPerSequence != 2 || r.MTPTime.Calibrated <= 0 {
		t.Fatalf("layers %+v, MTP %v", r.Layers, r.MTPTime)
	}
	if !deployNear(r.TGS.Calibrated, 128*1.6/r.StepTime.Calibrated) || !deployNear(r.TPOT.Calibrated, r.StepTime.Calibrated/1.6) {
		t.Errorf("TGS %v, TPOT %v, step %v", r.TGS.Calibrated, r.TPOT.Calibrated, r.StepTime.Calibrated)
	}
	plan.Serving.MTP = MTP{}
	r0, err := EvaluateEP(m, plan)
	if err != nil {
		t.Fatal(err)
	}
	core := func(r DeployResult) BreakdownOp {
		for _, o := range r.Breakdown {
			if o.Stage == "mla/moe" && o.Op == "attention_core" {
				return o
			}
		}
		t.Fatal("no attention core")
		return BreakdownOp{}
	}
	c1, c0 := core(r), core(r0)
	// 64 sequences per micro-batch: FLOPs double with the query length; the KV read (64 × 576
	// B × 4096 = 151.0e6 B per layer, FP8) does not; only the BF16 q and o activations grow,
	// by 64 more tokens × 128·(192 + 128) elements × 2 B = 5,242,880 B.
	if !deployNear(c1.FLOPs, 2*c0.FLOPs) || !deployNear(c1.Bytes-c0.Bytes, 64*128*(192+128)*2) {
		t.Errorf("core with MTP: %v FLOPs %v B; without %v FLOPs %v B", c1.FLOPs, c1.Bytes, c0.FLOPs, c0.Bytes)
	}
	if _, err := EvaluateEP(builtin(t, "qwen3-30b-a3b"), EPPlan{Context: 4096, Hardware: hw, GPUs: 8, BatchPerGPU: 8, MicroBatches: 2,
		Assumptions: DefaultAssumptions(), Serving: Serving{MTP: MTP{DraftTokens: 1, AcceptRate: 0.5}}}); err == nil {
		t.Error("MTP on a model without MTP layers: no error")
	}
}

// Absorbed MLA's two batched matmuls (opBuilder.bmm, one formula for both): DeepSeek-V3, 128
// heads, nope 128, latent 512, value 128, attention core in BF16 (the deepseek preset), 64
// sequences per micro-batch (128 per GPU, m = 2).
//   - q_absorb, per head 128×512: 64 × 2·128·128·512 = 1,073,741,824 FLOPs; bytes
//     128·128·512·2 = 16,777,216 weights + 64 × (128·128 + 128·512)·2 = 10,485,760 activations.
//   - o_absorb, per head 512×128: the same FLOPs and bytes, in and out swapped.
func TestAbsorbedMLABatchedMatmuls(t *testing.T) {
	sp, err := ServingPrecisionPreset(PrecisionDeepSeek)
	if err != nil {
		t.Fatal(err)
	}
	r, err := EvaluateEP(builtin(t, "deepseek-v3"), EPPlan{Context: 4096, Hardware: h800(t), GPUs: 128, BatchPerGPU: 128,
		MicroBatches: 2, Assumptions: DefaultAssumptions(), Serving: Serving{Precision: sp, Breakdown: true}})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, o := range r.Breakdown {
		if o.Stage != "mla/moe" || (o.Op != "q_absorb (W_UK bmm)" && o.Op != "o_absorb (W_UV bmm)") {
			continue
		}
		found++
		if o.Tokens != 64 || o.FLOPs != 1073741824 || o.Bytes != 16777216+10485760 {
			t.Errorf("%s: %v tokens, %v FLOPs, %v B; want 64, 1073741824, 27262976", o.Op, o.Tokens, o.FLOPs, o.Bytes)
		}
	}
	if found != 2 {
		t.Errorf("%d absorbed matmuls in the mla/moe breakdown, want 2", found)
	}
}

// The small ops' byte counts come from the formats' own sizes (ActivationFormat BF16 = 2 B,
// FP8 1 B, FP32 scales 4 B per DefaultScaleGroup = 128 elements), not from literals.
func TestSmallOpBytesFromFormats(t *testing.T) {
	if ActivationFormat.Bytes() != 2 {
		t.Fatalf("ActivationFormat %v: %v B, want BF16's 2", ActivationFormat, ActivationFormat.Bytes())
	}
	// H = 7168: read 7168·2 = 14,336 B, write 7168 B FP8 and ⌈7168/128⌉ = 56 scales × 4 B.
	if got := quantizeBytes(7168); got != 14336+7168+224 {
		t.Errorf("quantizeBytes(7168) = %v, want 21728", got)
	}
	// Fused residual add + RMSNorm: 4 × 7168 elements × 2 B.
	if got := fusedNormBytes(7168); got != 57344 {
		t.Errorf("fusedNormBytes(7168) = %v, want 57344", got)
	}
	// The dispatch's FP8 message: 7168 B + 56 × 4 B of scales; BF16 carries no scales.
	n := Network{ScaleGroup: DefaultScaleGroup}
	if got := n.MessageBytesPerToken(7168, precision.FP8); got != 7392 {
		t.Errorf("FP8 message %v B, want 7392", got)
	}
	if got := n.MessageBytesPerToken(7168, precision.BF16); got != 14336 {
		t.Errorf("BF16 message %v B, want 14336", got)
	}
}
