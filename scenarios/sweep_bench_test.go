package scenarios

import (
	"io"
	"testing"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// BenchmarkTheoreticalPoint is one theoretical-cost evaluation, the unit of a cost sweep.
// Run: go test ./scenarios -bench . -benchmem
func BenchmarkTheoreticalPoint(b *testing.B) {
	m, _ := model.Builtin("step3")
	e := cost.NewEvaluator(m, model.CountOptions{})
	hw, _ := hardware.Builtin().Get("h800")
	b.ReportAllocs()
	var sink float64
	for i := 0; i < b.N; i++ {
		sink += e.Theoretical(&hw, 1024+i&0xffff).TotalUSDPerMTok
	}
	_ = sink
}

// bigSweep is 9 models × 4 cards × contexts 1..n: 36·n points.
func bigSweep(b *testing.B, n int, pareto bool) *Scenario {
	y := "name: bench\nanalysis: cost\nstream: true\naxes:\n  models: report\n  hardware: report\n  contexts: {from: 1, to: " + itoa(n) + "}\n"
	if pareto {
		y += "pareto: {min: [total_usd_per_mtok], max: [activated_params], where: {hardware: afd}}\n"
	}
	s, err := Parse("bench.yaml", []byte(y))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func itoa(n int) string {
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

// BenchmarkSweepCSV streams a sweep of 36·2^15 ≈ 1.18M points (plus AFD rows) as CSV to
// io.Discard on every core; points/s is the figure to read.
func BenchmarkSweepCSV(b *testing.B) { benchSweep(b, false) }

// BenchmarkSweepFrontier is the same sweep also keeping its Pareto frontier.
func BenchmarkSweepFrontier(b *testing.B) { benchSweep(b, true) }

// BenchmarkSweepFrontierOnly is the same sweep keeping only its frontier: no row is
// formatted, the figure is the theoretical-cost points per second of a frontier search.
func BenchmarkSweepFrontierOnly(b *testing.B) {
	s := bigSweep(b, 1<<15, true)
	b.ReportAllocs()
	b.ResetTimer()
	var points int64
	for i := 0; i < b.N; i++ {
		r, err := Stream(s, nil, Options{})
		if err != nil {
			b.Fatal(err)
		}
		points += r.Points
	}
	b.ReportMetric(float64(points)/b.Elapsed().Seconds(), "points/s")
}

func benchSweep(b *testing.B, pareto bool) {
	s := bigSweep(b, 1<<15, pareto)
	b.ReportAllocs()
	b.ResetTimer()
	var points int64
	for i := 0; i < b.N; i++ {
		r, err := Stream(s, io.Discard, Options{})
		if err != nil {
			b.Fatal(err)
		}
		points += r.Points
	}
	b.ReportMetric(float64(points)/b.Elapsed().Seconds(), "points/s")
}

// BenchmarkDeployPlan is one AFD deployment-plan evaluation (cost.EvaluateAFD): Step-3 on
// H800 at 4K, 2A2F, 8 GPUs per instance, 3 micro-batches, 32 sequences per attention GPU
// and micro-batch.
func BenchmarkDeployPlan(b *testing.B) {
	m, _ := model.Builtin("step3")
	hw, _ := hardware.Builtin().Get("h800")
	plan := cost.AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, AttentionInstances: 2, FFNInstances: 2,
		GPUsPerInstance: 8, Batch: 32 * 3 * 2 * 8, MicroBatches: 3, Assumptions: cost.DefaultAssumptions()}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := cost.EvaluateAFD(m, plan); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeploySweep runs the built-in afd-frontier-h800 scenario (1,152 plans).
func BenchmarkDeploySweep(b *testing.B) {
	s, err := Builtin("afd-frontier-h800")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Run(s, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(s.Points())*float64(b.N)/b.Elapsed().Seconds(), "plans/s")
}
