package cost

import (
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// BenchmarkAFDPlan measures one deploy-plan evaluation as a search runs it (prepared once,
// evaluated into a reused run): Step-3 2A2F on H800 at 4K.
func BenchmarkAFDPlan(b *testing.B) {
	m, _ := model.Builtin("step3")
	hw, _ := hardware.Builtin().Get("h800")
	p := AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, GPUsPerInstance: 8, MicroBatches: 3, Assumptions: DefaultAssumptions()}
	pa, err := PrepareAFD(m, p)
	if err != nil {
		b.Fatal(err)
	}
	pa.warm([]int{2})
	var run stepRun
	b.ReportAllocs()
	for b.Loop() {
		if err := pa.summary(2, 2, 3072, &run); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEPPlanDeepSeekMTP is one EP plan of DeepSeek-V3 on 128 H800 with MTP (its layers
// and its own ops priced too): the heaviest plan decost evaluates.
func BenchmarkEPPlanDeepSeekMTP(b *testing.B) {
	m, _ := model.Builtin("deepseek-v3")
	hw, _ := hardware.Builtin().Get("h800")
	p := EPPlan{Context: 4096, Hardware: hw, MicroBatches: 2, Assumptions: DefaultAssumptions(),
		Serving: Serving{MTP: MTP{DraftTokens: 1, AcceptRate: 0.8}}}
	pe, err := PrepareEP(m, p)
	if err != nil {
		b.Fatal(err)
	}
	pe.warm([]int{128})
	var run stepRun
	b.ReportAllocs()
	for b.Loop() {
		if err := pe.summary(128, 128, &run); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateAFD is one whole EvaluateAFD call: prepare and evaluate one plan.
func BenchmarkEvaluateAFD(b *testing.B) {
	m, _ := model.Builtin("step3")
	hw, _ := hardware.Builtin().Get("h800")
	p := AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, AttentionInstances: 2, FFNInstances: 2,
		GPUsPerInstance: 8, Batch: 3072, MicroBatches: 3, Assumptions: DefaultAssumptions()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EvaluateAFD(m, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchAFD measures a whole search as decost deploy runs it (x, y ≤ 8, batch grid
// to 1024 per GPU): it reports the plans evaluated.
func BenchmarkSearchAFD(b *testing.B) {
	m, _ := model.Builtin("step3")
	hw, _ := hardware.Builtin().Get("h800")
	s := AFDSearch{Plan: AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, GPUsPerInstance: 8,
		MicroBatches: 3, Assumptions: DefaultAssumptions()}, TPOTSLASeconds: 0.05}
	b.ReportAllocs()
	var plans int
	for b.Loop() {
		r, err := SearchAFD(m, s)
		if err != nil {
			b.Fatal(err)
		}
		plans = r.Evaluated
	}
	b.ReportMetric(float64(plans), "plans")
}

// TestSearchLoopAllocatesNothing: evaluating a plan against a prepared deployment, as the
// search loop does, allocates nothing (AFD and EP, with MTP and the uniform imbalance).
func TestSearchLoopAllocatesNothing(t *testing.T) {
	hw := h800(t)
	pa, err := PrepareAFD(step3(t), AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, GPUsPerInstance: 8, MicroBatches: 3, Assumptions: DefaultAssumptions()})
	if err != nil {
		t.Fatal(err)
	}
	pa.warm([]int{2})
	pe, err := PrepareEP(builtin(t, "deepseek-v3"), EPPlan{Context: 4096, Hardware: hw, MicroBatches: 2, Assumptions: DefaultAssumptions(),
		Serving: Serving{MTP: MTP{DraftTokens: 2, AcceptRate: 0.8}}})
	if err != nil {
		t.Fatal(err)
	}
	pe.warm([]int{64})
	var run stepRun
	if n := testing.AllocsPerRun(100, func() { _ = pa.summary(2, 2, 3072, &run) }); n != 0 {
		t.Errorf("AFD plan: %v allocations", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = pe.summary(64, 64, &run) }); n != 0 {
		t.Errorf("EP plan: %v allocations", n)
	}
}
