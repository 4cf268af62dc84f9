package cost

import (
	"reflect"
	"testing"

	"github.com/decost/decost/model"
)

func TestBatchGrid(t *testing.T) {
	want := []int{1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 40, 48, 56, 64}
	if got := BatchGrid(64); !reflect.DeepEqual(got, want) {
		t.Errorf("BatchGrid(64) = %v, want %v", got, want)
	}
	if got := BatchGrid(0); len(got) != 0 {
		t.Errorf("BatchGrid(0) = %v", got)
	}
}

func step3Search(t *testing.T) AFDSearch {
	hw := h800(t)
	return AFDSearch{
		Plan: AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw, GPUsPerInstance: 8,
			MicroBatches: 3, Assumptions: DefaultAssumptions()},
		MaxInstances: 4, TPOTSLASeconds: 0.050,
	}
}

// Relaxing the SLA never lowers the best TGS; the chosen plan always fits and meets the
// SLA; ideal TGS ≥ calibrated on every plan returned.
func TestSearchAFDMonotoneInSLA(t *testing.T) {
	m := step3(t)
	for _, basis := range []Basis{BasisCalibrated, BasisIdeal} {
		prev := 0.0
		for _, ms := range []float64{8, 10, 15, 20, 25, 30, 40, 50, 75, 100, 200} {
			s := step3Search(t)
			s.TPOTSLASeconds, s.Basis = ms/1000, basis
			r, err := SearchAFD(m, s)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Found {
				if prev > 0 {
					t.Fatalf("%s %v ms: nothing found after a plan was found at a tighter SLA", basis, ms)
				}
				continue
			}
			b := r.Best
			if !b.Fits || basis.of(b.TPOT) > s.TPOTSLASeconds {
				t.Errorf("%s %v ms: chose %s N=%v that fits=%v, TPOT %v", basis, ms, b.Family(), b.TotalBatch, b.Fits, basis.of(b.TPOT))
			}
			if tgs := basis.ofFigures(b.TGS); tgs < prev {
				t.Errorf("%s: TGS fell from %v to %v when the SLA was relaxed to %v ms", basis, prev, tgs, ms)
			} else {
				prev = tgs
			}
			for _, f := range append(r.Frontier, b) {
				if !f.Fits || f.TGS.Ideal < f.TGS.Calibrated || f.TPOT.Ideal > f.TPOT.Calibrated {
					t.Errorf("%s: plan %s N=%v fits=%v TGS %v/%v", basis, f.Family(), f.TotalBatch, f.Fits, f.TGS.Ideal, f.TGS.Calibrated)
				}
				assertPipelineIdentities(t, f)
			}
		}
		if prev == 0 {
			t.Errorf("%s: no SLA found a plan", basis)
		}
	}
}

// The frontier is sorted by TPOT with TGS rising, and no fitting plan of the search beats
// a frontier plan in both.
func TestSearchAFDFrontier(t *testing.T) {
	r, err := SearchAFD(step3(t), step3Search(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Frontier) < 2 || r.Evaluated < r.Fitting || r.Fitting == 0 {
		t.Fatalf("frontier %d, evaluated %d, fitting %d", len(r.Frontier), r.Evaluated, r.Fitting)
	}
	for i := 1; i < len(r.Frontier); i++ {
		a, b := r.Frontier[i-1], r.Frontier[i]
		if b.TPOT.Calibrated < a.TPOT.Calibrated || b.TGS.Calibrated <= a.TGS.Calibrated {
			t.Errorf("frontier %d: TPOT %v→%v, TGS %v→%v", i, a.TPOT.Calibrated, b.TPOT.Calibrated, a.TGS.Calibrated, b.TGS.Calibrated)
		}
	}
	// The best plan under the SLA is the frontier's last point within the SLA.
	var last DeployResult
	for _, f := range r.Frontier {
		if f.TPOT.Calibrated <= 0.050 {
			last = f
		}
	}
	if last.TGS.Calibrated != r.Best.TGS.Calibrated {
		t.Errorf("best TGS %v, frontier within SLA ends at %v", r.Best.TGS.Calibrated, last.TGS.Calibrated)
	}
}

// Plans that do not fit memory are never chosen: with 30% of an H800 usable, the KV cache
// leaves little room, and the chosen plan still fits.
func TestSearchAFDMemory(t *testing.T) {
	s := step3Search(t)
	s.Plan.Assumptions.MemoryUsableFraction = 0.3
	r, err := SearchAFD(step3(t), s)
	if err != nil {
		t.Fatal(err)
	}
	if r.Evaluated == r.Fitting {
		t.Fatal("some plans should not fit in 24 GB")
	}
	if r.Found && (!r.Best.Fits || r.Best.AttentionGPUMemoryBytes > 0.3*80e9 || r.Best.FFNGPUMemoryBytes > 0.3*80e9) {
		t.Errorf("chose a plan that does not fit: %+v", r.Best)
	}
	// With 5% of memory the FFN pool never fits (Step-3's experts are 302 GB): nothing found.
	s.Plan.Assumptions.MemoryUsableFraction = 0.05
	r, err = SearchAFD(step3(t), s)
	if err != nil {
		t.Fatal(err)
	}
	if r.Found || r.Fitting != 0 || len(r.Frontier) != 0 {
		t.Errorf("found %v, fitting %d, frontier %d", r.Found, r.Fitting, len(r.Frontier))
	}
}

func TestSearchAFDFixedFields(t *testing.T) {
	s := step3Search(t)
	s.Plan.AttentionInstances, s.Plan.FFNInstances = 2, 2
	r, err := SearchAFD(step3(t), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(r.Frontier, r.Best) {
		if f.Family() != "2A2F" {
			t.Errorf("fixed 2A2F searched %s", f.Family())
		}
	}
	s.Plan.Batch = 3072
	s.TPOTSLASeconds = 0.1 // the plan's calibrated TPOT is about 58 ms
	r, err = SearchAFD(step3(t), s)
	if err != nil {
		t.Fatal(err)
	}
	if r.Evaluated != 1 || r.Best.TotalBatch != 3072 {
		t.Errorf("fully fixed plan: evaluated %d, N %v", r.Evaluated, r.Best.TotalBatch)
	}
	s.TPOTSLASeconds = 0
	if _, err := SearchAFD(step3(t), s); err == nil {
		t.Error("SLA 0: no error")
	}
}

func TestSearchEP(t *testing.T) {
	m, err := model.Builtin("deepseek-v3")
	if err != nil {
		t.Fatal(err)
	}
	hw := h800(t)
	prev := 0.0
	for _, ms := range []float64{80, 100, 150, 250} {
		r, err := SearchEP(m, EPSearch{Plan: EPPlan{Context: 4096, Hardware: hw, GPUs: 128, MicroBatches: 2, Assumptions: DefaultAssumptions()},
			TPOTSLASeconds: ms / 1000})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Found {
			t.Fatalf("%v ms: nothing found", ms)
		}
		if r.Best.TGS.Calibrated < prev || !r.Best.Fits || r.Best.TPOT.Calibrated > ms/1000 {
			t.Errorf("%v ms: TGS %v (prev %v), fits %v, TPOT %v", ms, r.Best.TGS.Calibrated, prev, r.Best.Fits, r.Best.TPOT.Calibrated)
		}
		prev = r.Best.TGS.Calibrated
		for _, f := range append(r.Frontier, r.Best) {
			assertPipelineIdentities(t, f)
		}
	}
	// GPUs searched: 8, 16, …, 256 for 256 experts.
	r, err := SearchEP(m, EPSearch{Plan: EPPlan{Context: 4096, Hardware: hw, MicroBatches: 2, Assumptions: DefaultAssumptions()},
		TPOTSLASeconds: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, f := range r.Frontier {
		seen[f.GPUs] = true
	}
	for g := range seen {
		if g%8 != 0 || g > 256 {
			t.Errorf("searched %d GPUs", g)
		}
	}
}
