package cost

import (
	"testing"

	"github.com/decost/decost/kernels"
	"github.com/decost/decost/model"
)

func TestOffNodeFraction(t *testing.T) {
	for _, c := range []struct {
		gpus, perNode int
		want          float64
	}{
		{8, 8, 0},        // one node: all NVLink
		{4, 8, 0},        // part of a node
		{16, 8, 0.5},     // 1 − 8/16
		{128, 8, 0.9375}, // 1 − 8/128
		{3, 0, 2.0 / 3},  // no node size: every GPU its own node, 1 − 1/3
		{256, 8, 248. / 256},
	} {
		if got := OffNodeFraction(c.gpus, c.perNode); !deployNear(got, c.want) {
			t.Errorf("OffNodeFraction(%d, %d) = %v, want %v", c.gpus, c.perNode, got, c.want)
		}
	}
}

// DeepSeek-V3 on 128 H800 with 64 sequences per GPU in 2 micro-batches: b = 32 per
// micro-batch, 32·8 = 256 token-expert pairs per GPU: 1/128 stay, 7/128 cross NVLink, 120/128
// the NIC. Priced without tables (halfProfile) and with balanced load.
func TestEvaluateEPDeepSeekV3(t *testing.T) {
	m, err := model.Builtin("deepseek-v3")
	if err != nil {
		t.Fatal(err)
	}
	hw := h800(t)
	as := DefaultAssumptions()
	as.Profile = halfProfile()
	as.Tables = kernels.NewSet("h800")
	sv := Serving{Imbalance: Imbalance{Kind: ImbalanceNone}}
	r, err := EvaluateEP(m, EPPlan{Context: 4096, Hardware: hw, GPUs: 128, BatchPerGPU: 64, MicroBatches: 2, Assumptions: as, Serving: sv})
	if err != nil {
		t.Fatal(err)
	}
	if r.TotalBatch != 8192 || r.SequencesPerAttentionGPU != 32 || r.FFNTokens != 4096 || r.Family() != "EP128" || r.Schedule != ScheduleDeepSeek5Stage {
		t.Fatalf("N %v b %v T %v %s %s", r.TotalBatch, r.SequencesPerAttentionGPU, r.FFNTokens, r.Family(), r.Schedule)
	}
	dense, moe := r.Layers[0], r.Layers[1]
	if dense.Layers != 3 || moe.Layers != 58 {
		t.Fatalf("layers %d + %d", dense.Layers, moe.Layers)
	}
	// Dispatch: 240 pairs × 7392 B = 1,774,080 B over the NIC at 50e9 B/s = 35.48 µs, 7 pairs
	// over NVLink at 200e9 B/s = 0.26 µs, in parallel; combine 240 × 14336 B → 68.81 µs.
	// Calibrated: /(0.8 × 50e9) + 10 µs each.
	disp, comb := 240*7392/50e9, 240*14336/50e9
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"dispatch", moe.Dispatch.Ideal, disp},
		{"combine", moe.Combine.Ideal, comb},
		{"communication calibrated", moe.Communication.Calibrated, disp/0.8 + comb/0.8 + 20e-6},
		{"dense layer communication", dense.Communication.Calibrated, 0},
		// A dense layer under deepseek-5stage: both micro-batches' compute back to back.
		{"dense period", dense.Period.Calibrated, 2 * (dense.Attention.Calibrated + dense.FFN.Calibrated)},
		{"tgs", r.TGS.Calibrated, 64 / r.TPOT.Calibrated},
		// Memory of one GPU: 61 × MLA projections (7168·1536 + 1536·128·192 + 7168·576 +
		// 512·128·256 + 128·128·7168 = 187,105,280) FP8 + 58 routers 7168·256·2 B + embedding
		// and LM head 2·129280·7168·2 B + 64 sequences × 61 × 576 B × 4096 + FFN: 58 × (2
		// routed + 1 shared) × 3·7168·2048 B + 3 dense layers × 3·7168·18432 B.
		{"memory", r.AttentionGPUMemoryBytes, 61*187105280 + 58*7168*256*2 + 2*129280*7168*2 + 64*61*576*4096 + 58*3*3*7168*2048 + 3*3*7168*18432.0},
	} {
		if !deployNear(c.got, c.want) {
			t.Errorf("%s = %.9g, want %.9g", c.name, c.got, c.want)
		}
	}
	// The period is at least each resource's load: compute 2·(t_A + t_F), network 2·t_C.
	if moe.Period.Calibrated < 2*(moe.Attention.Calibrated+moe.FFN.Calibrated)-1e-12 || moe.Period.Calibrated < 2*moe.Communication.Calibrated-1e-12 {
		t.Errorf("moe period %v below a resource's load", moe.Period.Calibrated)
	}
	assertPipelineIdentities(t, r)

	// One micro-batch: schedule none, t_A + t_D + t_F + t_C per layer.
	r1, err := EvaluateEP(m, EPPlan{Context: 4096, Hardware: hw, GPUs: 128, BatchPerGPU: 32, MicroBatches: 1, Assumptions: as, Serving: sv})
	if err != nil {
		t.Fatal(err)
	}
	l := r1.Layers[1]
	if want := l.Attention.Calibrated + l.FFN.Calibrated + l.Communication.Calibrated; r1.Schedule != ScheduleNone || !deployNear(l.Period.Calibrated, want) {
		t.Errorf("m = 1 (%s) period %v, want the sum %v", r1.Schedule, l.Period.Calibrated, want)
	}
	// Within one node the all-to-all runs over NVLink only: b = 4, 32 pairs per GPU, 7/8 of
	// them to the other 7 GPUs, 28 × 7392 B at 200e9 B/s = 1.035 µs.
	r8, err := EvaluateEP(m, EPPlan{Context: 4096, Hardware: hw, GPUs: 8, BatchPerGPU: 8, MicroBatches: 2, Assumptions: as, Serving: sv})
	if err != nil {
		t.Fatal(err)
	}
	if got := r8.Layers[1].Dispatch.Ideal; !deployNear(got, 28*7392/200e9) {
		t.Errorf("one node: dispatch %v, want %v", got, 28*7392/200e9)
	}
	if got := r8.Layers[1].Dispatch.Calibrated; !deployNear(got, 28*7392/(200e9*DefaultScaleUpEfficiency)+10e-6) {
		t.Errorf("one node: dispatch calibrated %v", got)
	}
}

func TestEvaluateEPErrors(t *testing.T) {
	m, _ := model.Builtin("deepseek-v3")
	hw := h800(t)
	good := EPPlan{Context: 4096, Hardware: hw, GPUs: 16, BatchPerGPU: 8, MicroBatches: 2, Assumptions: DefaultAssumptions()}
	for _, c := range []struct {
		name string
		edit func(p *EPPlan)
	}{
		{"zero gpus", func(p *EPPlan) { p.GPUs = 0 }},
		{"more gpus than experts", func(p *EPPlan) { p.GPUs = 512 }},
		{"zero batch", func(p *EPPlan) { p.BatchPerGPU = 0 }},
		{"negative context", func(p *EPPlan) { p.Context = -1 }},
		{"bad compute format", func(p *EPPlan) { p.AttentionCompute = "fp9" }},
		// L40S: no NIC and no known scale-up bandwidth, so even one node's all-to-all has no
		// link to price.
		{"no link", func(p *EPPlan) { p.Hardware, p.GPUs = card(t, "l40s"), 8 }},
	} {
		p := good
		c.edit(&p)
		if _, err := EvaluateEP(m, p); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
