package cost

import (
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// BenchmarkAFDPlan measures one deploy-plan evaluation: Step-3 2A2F on H800 at 4K.
func BenchmarkAFDPlan(b *testing.B) {
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
// to 1024 per GPU).
func BenchmarkSearchAFD(b *testing.B) {
	m, _ := model.Builtin("step3")
	hw, _ := hardware.Builtin().Get("h800")
	s := AFDSearch{Plan: AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, GPUsPerInstance: 8,
		MicroBatches: 3, Assumptions: DefaultAssumptions()}, TPOTSLASeconds: 0.05}
	for b.Loop() {
		if _, err := SearchAFD(m, s); err != nil {
			b.Fatal(err)
		}
	}
}
