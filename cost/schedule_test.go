package cost

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ep returns EP phase durations (same for every micro-batch), in arbitrary time units.
func ep(prepare, core, dispatch, experts, shared, combine float64) PhaseSeconds {
	var d PhaseSeconds
	d[PhaseAttentionPrepare], d[PhaseAttentionCore], d[PhaseDispatch] = prepare, core, dispatch
	d[PhaseExperts], d[PhaseShared], d[PhaseCombine] = experts, shared, combine
	return d
}

// TestDeepSeek5StagePeriod compares the simulated period of deepseek-5stage with timelines
// drawn by hand. Phases: prepare P=1, core C=2, experts E=3, shared S=1 on the compute stream;
// dispatch D and combine X on the network (both directions).
func TestDeepSeek5StagePeriod(t *testing.T) {
	s, err := BuiltinSchedule(ScheduleDeepSeek5Stage, ModeEP, 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		d    PhaseSeconds
		want float64
	}{
		// Communication hidden, D = X = 1.5. One period from A.prepare at 0:
		//
		//   compute  |A.P 0-1|B.E 1-4|A.C 4-6|B.S 6-7|B.P 7-8|A.E 8-11|B.C 11-13|A.S 13-14|A.P' 14
		//   network          |B.X 4-5.5|     |A.D 6-7.5|        |A.X 11-12.5|B.D 13-14.5|
		//
		// A's combine hides under B's core, B's dispatch under A's shared + next prepare; the
		// compute stream never waits: period = 2·(P+C+E+S) = 14. (m·max(compute, comm) = 2·max(7,
		// 3) = 14 too.)
		{"hidden", ep(1, 2, 1.5, 3, 1, 1.5), 14},
		// Communication-bound, D = X = 3. Steady state (second period, from A.P at 16):
		//
		//   compute  |A.P 16-17|B.E 19-22|A.C 22-24|B.S 24-25|B.P 25-26|  idle  |A.E 28-31|B.C 31-33|A.S 33-34|A.P' 34
		//   network  |B.D ..-19|B.X 22-25|A.D 25-28|                            |A.X 31-34|B.D 34-37|
		//
		// The network runs combine then the other micro-batch's dispatch serially, and each
		// experts phase waits for its dispatch: the cycle A.E → A.X → B.D → B.E → B.X → A.D →
		// A.E is 2·(E+X+D) = 18 per period. m·max(7, 6) = 14 would claim it all hidden.
		{"communication-bound", ep(1, 2, 3, 3, 1, 3), 18},
		// A dense layer (no dispatch, combine or shared): the two micro-batches' compute back to
		// back, 2·(P+C+E) = 12.
		{"dense layer", ep(1, 2, 0, 3, 0, 0), 12},
		// Long combine only, X = 4, D = 1: A.X (4) runs under B.C (2) and A.S (1) and delays A's
		// next prepare by 1; B.D waits for the network: cycle A.E → A.X → B.D → B.E → B.X → A.D
		// → A.E = 2·(3+4+1) = 16 > 14.
		{"long combine", ep(1, 2, 1, 3, 1, 4), 16},
	} {
		if got := s.Period(&c.d); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: period %v, want %v", c.name, got, c.want)
		}
	}
}

// TestAFDPipelinePeriod: AFD's pipeline period is max(m·t_A, m·t_F, m·t_D, m·t_C, the round trip
// t_A + t_D + t_F + t_C) with full-duplex NICs, drawn by hand.
func TestAFDPipelinePeriod(t *testing.T) {
	afd := func(a, d, f, c float64) PhaseSeconds {
		var p PhaseSeconds
		p[PhaseAttentionPrepare], p[PhaseDispatch], p[PhaseExperts], p[PhaseCombine] = a, d, f, c
		return p
	}
	for _, c := range []struct {
		name string
		m    int
		d    PhaseSeconds
		want float64
	}{
		// m = 3, t_A = 3, t_D = 1, t_F = 2, t_C = 1:
		//   attention |A0 0-3|A1 3-6|A2 6-9|A0' 9-12
		//   dispatch        |D0 3-4|D1 6-7|D2 9-10
		//   ffn               |F0 4-6|F1 7-9|F2 10-12
		//   combine                |C0 6-7|C1 9-10|
		// A0' waits for the attention GPUs (9), not for C0 (7): period 3·3 = 9.
		{"attention-bound", 3, afd(3, 1, 2, 1), 9},
		// m = 3, every stage 1: the round trip A → D → F → C is 4 > 3·1:
		//   attention |A0 0-1|A1 1-2|A2 2-3| idle |A0' 4-5|A1' 5-6
		//   dispatch         |D0 1-2|D1 2-3|D2 3-4|
		//   ffn                     |F0 2-3|F1 3-4|F2 4-5|
		//   combine                        |C0 3-4|C1 4-5|C2 5-6|
		// A0' starts at 4 when C0 ends: period 4 (m·max = 3 would not see the round trip).
		{"round trip", 3, afd(1, 1, 1, 1), 4},
		// m = 2, t_A = t_F = 1, t_D = t_C = 2: round trip 6 > 2·2 = 4:
		//   attention |A0 0-1|A1 1-2|   idle    |A0' 6-7|
		//   dispatch         |D0 1-3|D1 3-5|         |D0' 7-9
		//   ffn                     |F0 3-4|  |F1 5-6|
		//   combine                        |C0 4-6|C1 6-8|
		{"network round trip", 2, afd(1, 2, 1, 2), 6},
		// m = 1: everything in series, 1 + 2 + 3 + 4 = 10.
		{"one micro-batch", 1, afd(1, 2, 3, 4), 10},
	} {
		s, err := BuiltinSchedule(ScheduleAFDPipeline, ModeAFD, c.m)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Period(&c.d); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: period %v, want %v", c.name, got, c.want)
		}
	}
}

// TestNoneSchedule: no overlap, one micro-batch: the sum of every phase, P+C+D+E+S+X =
// 1+2+1.5+3+1+1.5 = 10 for EP; AFD the same on its two pools.
func TestNoneSchedule(t *testing.T) {
	d := ep(1, 2, 1.5, 3, 1, 1.5)
	for _, mode := range []string{ModeEP, ModeAFD} {
		s, err := BuiltinSchedule(ScheduleNone, mode, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Period(&d); math.Abs(got-10) > 1e-9 {
			t.Errorf("%s none: period %v, want 10", mode, got)
		}
	}
}

// TestScheduleTimeline: the timeline of the hidden deepseek-5stage case is the hand-drawn one.
func TestScheduleTimeline(t *testing.T) {
	s, _ := BuiltinSchedule(ScheduleDeepSeek5Stage, ModeEP, 2)
	d := ep(1, 2, 1.5, 3, 1, 1.5)
	p, tl := s.Timeline(&d)
	if p != 14 || len(tl) != 12 {
		t.Fatalf("period %v, %d stages", p, len(tl))
	}
	want := map[string][2]float64{
		"A.attention_prepare": {0, 1}, "B.experts": {1, 4}, "B.combine": {4, 5.5}, "A.attention_core": {4, 6},
		"A.dispatch": {6, 7.5}, "B.shared": {6, 7}, "B.attention_prepare": {7, 8}, "A.experts": {8, 11},
		"A.combine": {11, 12.5}, "B.attention_core": {11, 13}, "B.dispatch": {13, 14.5}, "A.shared": {13, 14},
	}
	for _, st := range tl {
		w := want[st.Name]
		if math.Abs(st.StartSeconds-w[0]) > 1e-9 || math.Abs(st.EndSeconds-w[1]) > 1e-9 {
			t.Errorf("%s: %v-%v, want %v-%v", st.Name, st.StartSeconds, st.EndSeconds, w[0], w[1])
		}
	}
}

// TestScheduleMonotone: a period never shrinks when a phase grows (the ideal ≤ calibrated
// argument rests on it).
func TestScheduleMonotone(t *testing.T) {
	ds, _ := BuiltinSchedule(ScheduleDeepSeek5Stage, ModeEP, 2)
	af, _ := BuiltinSchedule(ScheduleAFDPipeline, ModeAFD, 3)
	base := ep(1, 2, 1.5, 3, 1, 1.5)
	for _, s := range []Schedule{ds, af} {
		p0 := s.Period(&base)
		for ph := Phase(0); ph < numPhases; ph++ {
			d := base
			d[ph] *= 1.7
			if p := s.Period(&d); p < p0-1e-12 {
				t.Errorf("%s: %s ×1.7 shrinks the period %v → %v", s.Name, ph, p0, p)
			}
		}
	}
}

// TestClosedFormPeriods: the closed forms of afd-pipeline and none, and the cycle form of
// deepseek-5stage (its largest simple-cycle mean), equal the simulation on random durations.
func TestClosedFormPeriods(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cyc := map[int][]cycle{}
	for i := 0; i < 500; i++ {
		var d PhaseSeconds
		for p := range d {
			d[p] = rng.Float64() * 10
			if rng.IntN(4) == 0 {
				d[p] = 0
			}
		}
		m := 1 + rng.IntN(6)
		s, _ := BuiltinSchedule(ScheduleAFDPipeline, ModeAFD, m)
		n, _ := BuiltinSchedule(ScheduleNone, ModeEP, 1)
		ds, _ := BuiltinSchedule(ScheduleDeepSeek5Stage, ModeEP, 2)
		dense := d
		dense[PhaseDispatch], dense[PhaseCombine] = 0, 0
		for _, dd := range []PhaseSeconds{d, dense} {
			if got, sim := ds.Period(&dd), first(ds.simulate(&dd, nil)); math.Abs(got-sim) > 1e-9*max(1, sim) {
				t.Fatalf("deepseek-5stage %v: cycles %v, simulated %v", dd, got, sim)
			}
		}
		// The cycle form of afd-pipeline agrees with its closed form and the simulation too.
		if m <= 3 && cyc[m] == nil {
			cyc[m] = s.cycles()
		}
		if got, sim := cyclePeriod(cyc[m], &d), first(s.simulate(&d, nil)); m <= 3 && math.Abs(got-sim) > 1e-9*max(1, sim) {
			t.Fatalf("afd-pipeline m=%d %v: cycles %v, simulated %v", m, d, got, sim)
		}
		for _, sc := range []Schedule{s, n} {
			sim, _ := sc.simulate(&d, nil)
			if got := sc.Period(&d); math.Abs(got-sim) > 1e-9*max(1, sim) {
				t.Fatalf("%s m=%d %v: closed %v, simulated %v", sc.Name, m, d, got, sim)
			}
		}
	}
}

func TestBuiltinScheduleErrors(t *testing.T) {
	for _, c := range []struct {
		name, mode string
		m          int
	}{
		{ScheduleDeepSeek5Stage, ModeEP, 3},
		{ScheduleDeepSeek5Stage, ModeAFD, 2},
		{ScheduleAFDPipeline, ModeEP, 2},
		{ScheduleNone, ModeEP, 2},
		{"zigzag", ModeEP, 2},
		{"", ModeAFD, 0},
	} {
		if _, err := BuiltinSchedule(c.name, c.mode, c.m); err == nil {
			t.Errorf("BuiltinSchedule(%q, %s, %d) succeeded", c.name, c.mode, c.m)
		}
	}
	for _, name := range ScheduleNames() {
		mode, m := ModeEP, 2
		switch name {
		case ScheduleAFDPipeline:
			mode, m = ModeAFD, 3
		case ScheduleNone:
			m = 1
		}
		s, err := BuiltinSchedule(name, mode, m)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkSchedulePeriod(b *testing.B) {
	s, _ := BuiltinSchedule(ScheduleDeepSeek5Stage, ModeEP, 2)
	d := ep(1, 2, 3, 3, 1, 3)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Period(&d)
	}
}

func first(a, _ float64) float64 { return a }
