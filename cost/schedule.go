package cost

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"sync"
)

// Overlap schedules (issue 12 item 6): how the stages of one layer of a decode step share the
// resources of a GPU — its compute stream, its NIC's send and receive directions — across the
// micro-batches in flight. A schedule is a small stage graph; its steady-state period (the time
// one layer takes for all micro-batches when every layer repeats the same pattern) replaces the
// old m·max(compute, communication) rule, which hid all communication under all compute.

// Phase is one part of a layer's work for one micro-batch, with a duration of its own.
type Phase uint8

// The phases of a layer. A dense layer has no dispatch, combine or shared phases (duration 0);
// its FFN is PhaseExperts.
const (
	// PhaseAttentionPrepare is the first attention part: input norm, the projections up to
	// the attention core (q/kv down and up projections, their norms, RoPE, MLA's absorbed
	// W_UK), and their activation quantisation.
	PhaseAttentionPrepare Phase = iota
	// PhaseAttentionCore is the second attention part: the attention core, MLA's absorbed
	// W_UV, o_proj, the post-attention norm and, for an MoE layer, the router and top-k.
	PhaseAttentionCore
	// PhaseDispatch sends each token's hidden state to the GPUs of its experts.
	PhaseDispatch
	// PhaseExperts runs the routed experts on the tokens received (or a dense layer's FFN).
	PhaseExperts
	// PhaseShared runs the shared experts on the micro-batch's own tokens.
	PhaseShared
	// PhaseCombine returns the experts' outputs and sums them per token.
	PhaseCombine
	numPhases
)

var phaseNames = [numPhases]string{"attention_prepare", "attention_core", "dispatch", "experts", "shared", "combine"}

// String names the phase as breakdowns print it.
func (p Phase) String() string {
	if p < numPhases {
		return phaseNames[p]
	}
	return fmt.Sprintf("phase(%d)", int(p))
}

// PhaseSet is a set of phases (bit i set: Phase i belongs).
type PhaseSet uint8

// Phases builds a set.
func Phases(ps ...Phase) PhaseSet {
	var s PhaseSet
	for _, p := range ps {
		s |= 1 << p
	}
	return s
}

// Has reports whether p is in s.
func (s PhaseSet) Has(p Phase) bool { return s&(1<<p) != 0 }

// Resource is one thing a stage occupies exclusively while it runs.
type Resource uint8

// The resources of a schedule. EP uses Compute, Send and Receive of every (identical) GPU;
// AFD has two pools, the attention GPUs (Compute, Send, Receive) and the FFN GPUs.
const (
	// ResourceCompute is the compute stream of a GPU (the attention GPU in AFD).
	ResourceCompute Resource = iota
	// ResourceSend and ResourceReceive are the two directions of a GPU's network (NIC and
	// NVLink together; the attention GPU's in AFD).
	ResourceSend
	ResourceReceive
	// ResourceFFNCompute, ResourceFFNSend and ResourceFFNReceive are an AFD FFN GPU's.
	ResourceFFNCompute
	ResourceFFNSend
	ResourceFFNReceive
	numResources
)

var resourceNames = [numResources]string{"compute", "send", "receive", "ffn_compute", "ffn_send", "ffn_receive"}

// String names the resource.
func (r Resource) String() string {
	if r < numResources {
		return resourceNames[r]
	}
	return fmt.Sprintf("resource(%d)", int(r))
}

// ResourceSet is a set of resources (bit i set: Resource i is occupied).
type ResourceSet uint8

// Resources builds a set.
func Resources(rs ...Resource) ResourceSet {
	var s ResourceSet
	for _, r := range rs {
		s |= 1 << r
	}
	return s
}

// Dep is a dependency of a stage on another stage of the schedule: Stage indexes
// Schedule.Stages; Previous says the dependency is on that stage's instance in the previous
// period (the previous layer of the micro-batch) rather than in the same period.
type Dep struct {
	Stage    int
	Previous bool
}

// Stage is one node of a schedule: a micro-batch's phases run on some resources.
type Stage struct {
	// Name labels the stage in timelines, e.g. "A.attention_core".
	Name string
	// MicroBatch is the index of the micro-batch (0-based).
	MicroBatch int
	// Phases are the phases whose durations add up to the stage's duration.
	Phases PhaseSet
	// Resources are occupied for the whole stage; resources are used in the order of
	// Schedule.Stages (the issue order).
	Resources ResourceSet
	// After lists the stages that must end before this one starts. A dependency within the
	// same period must come earlier in Schedule.Stages.
	After []Dep
}

// Schedule is a stage graph over one period: one layer of every micro-batch in flight.
type Schedule struct {
	// Name is the schedule's id (ScheduleDeepSeek5Stage, ScheduleAFDPipeline, ScheduleNone).
	Name string
	// MicroBatches is the number of micro-batches the stages cover.
	MicroBatches int
	// Stages are in issue order: a resource runs the stages that use it in this order, every
	// period.
	Stages []Stage
	// closed, when set, is the period in closed form (equal to the simulation's, which a test
	// holds on random durations): a shortcut for the search loop.
	closed func(d PhaseSeconds) (float64, bool)
}

// Schedule names (the --schedule values).
const (
	// ScheduleDeepSeek5Stage is DeepSeek-V3's EP decode overlap: two micro-batches; the
	// dispatch of one hides under the shared experts and first attention part of the other,
	// its combine under the other's second attention part.
	ScheduleDeepSeek5Stage = "deepseek-5stage"
	// ScheduleAFDPipeline is AFD's m-stage pipeline: attention, dispatch, FFN and combine of
	// m micro-batches on the attention GPUs, the network and the FFN GPUs, each micro-batch
	// going round the whole loop once per layer.
	ScheduleAFDPipeline = "afd-pipeline"
	// ScheduleNone overlaps nothing: one micro-batch, every stage after the previous.
	ScheduleNone = "none"
)

// ScheduleNames lists the built-in schedules.
func ScheduleNames() []string {
	return []string{ScheduleDeepSeek5Stage, ScheduleAFDPipeline, ScheduleNone}
}

// BuiltinSchedule returns the built-in schedule name for a deployment mode (ModeEP or
// ModeAFD) and m micro-batches. "" picks the mode's default: EP deepseek-5stage (none when
// m = 1), AFD afd-pipeline. deepseek-5stage is EP with m = 2 only; none needs m = 1.
func BuiltinSchedule(name, mode string, microBatches int) (Schedule, error) {
	if microBatches < 1 {
		return Schedule{}, fmt.Errorf("schedule: micro-batches must be at least 1, got %d", microBatches)
	}
	if name == "" {
		name = DefaultScheduleName(mode, microBatches)
	}
	switch name {
	case ScheduleDeepSeek5Stage:
		if mode != ModeEP {
			return Schedule{}, fmt.Errorf("schedule %s is for --mode ep, not %s", name, mode)
		}
		if microBatches != 2 {
			return Schedule{}, fmt.Errorf("schedule %s runs 2 micro-batches, got %d", name, microBatches)
		}
		return deepSeek5Stage(), nil
	case ScheduleAFDPipeline:
		if mode != ModeAFD {
			return Schedule{}, fmt.Errorf("schedule %s is for --mode afd, not %s", name, mode)
		}
		return afdPipeline(microBatches), nil
	case ScheduleNone:
		if microBatches != 1 {
			return Schedule{}, fmt.Errorf("schedule %s runs 1 micro-batch, got %d", name, microBatches)
		}
		return serialSchedule(mode), nil
	}
	return Schedule{}, fmt.Errorf("unknown schedule %q (want %s)", name, strings.Join(ScheduleNames(), ", "))
}

// DefaultScheduleName is the schedule a mode runs when none is named: EP deepseek-5stage
// (none for m = 1), AFD afd-pipeline.
func DefaultScheduleName(mode string, microBatches int) string {
	if mode == ModeEP {
		if microBatches == 1 {
			return ScheduleNone
		}
		return ScheduleDeepSeek5Stage
	}
	return ScheduleAFDPipeline
}

// deepSeek5Stage is the two-micro-batch EP schedule. Micro-batch A's layer l and B's are half a
// period apart; in one period the compute stream runs
//
//	A.prepare(l) B.experts(l-1) A.core(l) B.shared(l-1) B.prepare(l) A.experts(l) B.core(l) A.shared(l)
//
// and the network A.combine and B.dispatch between them: B.combine after B.experts, A.dispatch
// after A.core, A.combine after A.experts, B.dispatch after B.core. So A's combine runs under
// B's core (the second attention part) and B's dispatch under A's shared experts and A's next
// prepare (the first attention part). A stage waits for its inputs: experts for the dispatch,
// the next prepare for the combine and the shared experts. EP's all-to-all sends and receives
// on every GPU, so dispatch and combine each hold both network directions.
func deepSeek5Stage() Schedule {
	c := Resources(ResourceCompute)
	net := Resources(ResourceSend, ResourceReceive)
	const (
		aPrep = iota
		bExp
		bComb
		aCore
		aDisp
		bShared
		bPrep
		aExp
		aComb
		bCore
		bDisp
		aShared
	)
	s := Schedule{Name: ScheduleDeepSeek5Stage, MicroBatches: 2, Stages: []Stage{
		aPrep:   {"A.attention_prepare", 0, Phases(PhaseAttentionPrepare), c, []Dep{{aComb, true}, {aShared, true}}},
		bExp:    {"B.experts", 1, Phases(PhaseExperts), c, []Dep{{bDisp, true}}},
		bComb:   {"B.combine", 1, Phases(PhaseCombine), net, []Dep{{bExp, false}}},
		aCore:   {"A.attention_core", 0, Phases(PhaseAttentionCore), c, []Dep{{aPrep, false}}},
		aDisp:   {"A.dispatch", 0, Phases(PhaseDispatch), net, []Dep{{aCore, false}}},
		bShared: {"B.shared", 1, Phases(PhaseShared), c, []Dep{{bCore, true}}},
		bPrep:   {"B.attention_prepare", 1, Phases(PhaseAttentionPrepare), c, []Dep{{bComb, false}, {bShared, false}}},
		aExp:    {"A.experts", 0, Phases(PhaseExperts), c, []Dep{{aDisp, false}}},
		aComb:   {"A.combine", 0, Phases(PhaseCombine), net, []Dep{{aExp, false}}},
		bCore:   {"B.attention_core", 1, Phases(PhaseAttentionCore), c, []Dep{{bPrep, false}}},
		bDisp:   {"B.dispatch", 1, Phases(PhaseDispatch), net, []Dep{{bCore, false}}},
		aShared: {"A.shared", 0, Phases(PhaseShared), c, []Dep{{aCore, false}}},
	}}
	// The period in closed form: the largest mean of the graph's simple cycles (a test holds
	// it equal to the simulation), computed once.
	deepSeekCyclesOnce.Do(func() { deepSeekCycles = s.cycles() })
	s.closed = func(d PhaseSeconds) (float64, bool) { return cyclePeriod(deepSeekCycles, &d), true }
	return s
}

var (
	deepSeekCyclesOnce sync.Once
	deepSeekCycles     []cycle
)

// afdPipeline is AFD's pipeline of m micro-batches: micro-batch i runs attention on the
// attention GPUs, its dispatch (attention GPUs' send, FFN GPUs' receive), the FFN on the FFN
// GPUs and its combine (FFN send, attention receive), and its next layer's attention only
// after its combine: the round trip. The NICs are full duplex, so dispatch and combine of
// different micro-batches overlap.
func afdPipeline(m int) Schedule {
	// A closed cyclic line of four single-server stations with m identical customers: the
	// period is max(m × the slowest station, one customer's round trip).
	mf := float64(m)
	closed := func(d PhaseSeconds) (float64, bool) {
		a := d[PhaseAttentionPrepare] + d[PhaseAttentionCore]
		f := d[PhaseExperts] + d[PhaseShared]
		return max(mf*max(a, d[PhaseDispatch], f, d[PhaseCombine]), a+d[PhaseDispatch]+f+d[PhaseCombine]), true
	}
	s := Schedule{Name: ScheduleAFDPipeline, MicroBatches: m, closed: closed}
	for i := 0; i < m; i++ {
		base := len(s.Stages)
		label := microBatchLabel(i)
		s.Stages = append(s.Stages,
			Stage{label + ".attention", i, Phases(PhaseAttentionPrepare, PhaseAttentionCore), Resources(ResourceCompute), []Dep{{base + 3, true}}},
			Stage{label + ".dispatch", i, Phases(PhaseDispatch), Resources(ResourceSend, ResourceFFNReceive), []Dep{{base, false}}},
			Stage{label + ".ffn", i, Phases(PhaseExperts, PhaseShared), Resources(ResourceFFNCompute), []Dep{{base + 1, false}}},
			Stage{label + ".combine", i, Phases(PhaseCombine), Resources(ResourceFFNSend, ResourceReceive), []Dep{{base + 2, false}}},
		)
	}
	return s
}

// serialSchedule runs one micro-batch with nothing overlapped: attention, dispatch, experts and
// shared experts, combine, one after the other.
func serialSchedule(mode string) Schedule {
	ffn := Resources(ResourceCompute)
	disp := Resources(ResourceSend, ResourceReceive)
	comb := disp
	if mode == ModeAFD {
		ffn = Resources(ResourceFFNCompute)
		disp = Resources(ResourceSend, ResourceFFNReceive)
		comb = Resources(ResourceFFNSend, ResourceReceive)
	}
	closed := func(d PhaseSeconds) (float64, bool) {
		var t float64
		for _, x := range d {
			t += x
		}
		return t, true
	}
	return Schedule{Name: ScheduleNone, MicroBatches: 1, closed: closed, Stages: []Stage{
		{"A.attention", 0, Phases(PhaseAttentionPrepare, PhaseAttentionCore), Resources(ResourceCompute), []Dep{{3, true}}},
		{"A.dispatch", 0, Phases(PhaseDispatch), disp, []Dep{{0, false}}},
		{"A.ffn", 0, Phases(PhaseExperts, PhaseShared), ffn, []Dep{{1, false}}},
		{"A.combine", 0, Phases(PhaseCombine), comb, []Dep{{2, false}}},
	}}
}

// microBatchLabel names micro-batch i: A, B, C, … (then M26, M27, …).
func microBatchLabel(i int) string {
	if i < 26 {
		return string(rune('A' + i))
	}
	return fmt.Sprintf("M%d", i)
}

// maxStages bounds a schedule's stages (the simulation keeps fixed-size arrays).
const maxStages = 64

// Validate reports the first malformed part of s: no stages, too many, a dependency on a
// later stage of the same period or out of range, an unknown phase or resource.
func (s Schedule) Validate() error {
	if len(s.Stages) == 0 || len(s.Stages) > maxStages {
		return fmt.Errorf("schedule %s: %d stages (want 1…%d)", s.Name, len(s.Stages), maxStages)
	}
	for i, st := range s.Stages {
		if st.Phases >= 1<<numPhases || st.Resources >= 1<<numResources {
			return fmt.Errorf("schedule %s: stage %s: unknown phase or resource", s.Name, st.Name)
		}
		for _, d := range st.After {
			if d.Stage < 0 || d.Stage >= len(s.Stages) || (!d.Previous && d.Stage >= i) {
				return fmt.Errorf("schedule %s: stage %s depends on stage %d of the same period, which is not earlier", s.Name, st.Name, d.Stage)
			}
		}
	}
	return nil
}

// PhaseSeconds are the durations of the phases of one micro-batch of one layer, in seconds.
type PhaseSeconds [numPhases]float64

// scheduleWarmupPeriods and scheduleMeasurePeriods are how many periods the simulation runs
// before it measures, and over how many it averages: the stage graph is a max-plus linear
// system, whose completion times grow by exactly the period each period once the start-up
// transient is over, possibly in a cycle of a few periods; 12 covers cycles of 1, 2, 3, 4 and
// 6 periods exactly.
const (
	scheduleWarmupPeriods  = 8
	scheduleMeasurePeriods = 12
)

// TimelineStage is one stage of a steady-state period as a timeline shows it: when it starts
// and ends, in seconds from the start of the period (the start of its first stage).
type TimelineStage struct {
	// Name is the stage's name, MicroBatch its micro-batch, Resources what it occupies.
	Name       string `json:"stage"`
	MicroBatch int    `json:"micro_batch"`
	Resources  string `json:"resources"`
	// StartSeconds and EndSeconds are from the start of the period; DurationSeconds is the
	// stage's own time (its phases' sum), in seconds.
	StartSeconds    float64 `json:"start_seconds"`
	EndSeconds      float64 `json:"end_seconds"`
	DurationSeconds float64 `json:"duration_seconds"`
}

// Period is the steady-state period of s in seconds when every micro-batch's phases take d:
// the time each layer adds once the pipeline is full. It simulates the stage graph — each
// stage starts when its dependencies have ended and each of its resources has finished the
// stage before it in issue order — for scheduleWarmupPeriods + scheduleMeasurePeriods
// periods and averages the growth of the last end time over the measured ones. It allocates
// nothing.
func (s *Schedule) Period(d *PhaseSeconds) float64 {
	if s.closed != nil {
		if p, ok := s.closed(*d); ok {
			return p
		}
	}
	p, _ := s.simulate(d, nil)
	return p
}

// Timeline is Period plus the stages of the last simulated period, their times relative to
// its first start.
func (s *Schedule) Timeline(d *PhaseSeconds) (float64, []TimelineStage) {
	tl := make([]TimelineStage, len(s.Stages))
	p, _ := s.simulate(d, tl)
	return p, tl
}

func (s *Schedule) simulate(d *PhaseSeconds, tl []TimelineStage) (float64, float64) {
	var ends [2][maxStages]float64
	var start [maxStages]float64
	var free [numResources]float64
	var dur [maxStages]float64
	n := len(s.Stages)
	for i := 0; i < n; i++ {
		ph := s.Stages[i].Phases
		for p := Phase(0); p < numPhases; p++ {
			if ph&(1<<p) != 0 {
				dur[i] += d[p]
			}
		}
	}
	total := scheduleWarmupPeriods + scheduleMeasurePeriods
	var endWarm, endLast, lastGrowth float64
	steady := 0
	for period := 0; period < total; period++ {
		cur, prev := &ends[period&1], &ends[(period+1)&1]
		last := 0.0
		for i := 0; i < n; i++ {
			st := &s.Stages[i]
			t := 0.0
			for r := st.Resources; r != 0; r &= r - 1 {
				if f := free[bitIndex(uint8(r))]; f > t {
					t = f
				}
			}
			for _, dep := range st.After {
				var e float64
				if !dep.Previous {
					e = cur[dep.Stage]
				} else if period > 0 {
					e = prev[dep.Stage]
				}
				if e > t {
					t = e
				}
			}
			start[i] = t
			e := t + dur[i]
			cur[i] = e
			for r := st.Resources; r != 0; r &= r - 1 {
				free[bitIndex(uint8(r))] = e
			}
			if e > last {
				last = e
			}
		}
		if period == scheduleWarmupPeriods-1 {
			endWarm = last
		}
		// Steady state of cycle 1: every stage ended exactly one growth later than in the
		// previous period, twice in a row; the period is that growth.
		if period > 0 {
			g := last - endLast
			same := math.Abs(g-lastGrowth) <= 1e-12*math.Abs(g)
			for i := 0; same && i < n; i++ {
				same = math.Abs(cur[i]-prev[i]-g) <= 1e-12*math.Abs(g)
			}
			if same {
				steady++
			} else {
				steady = 0
			}
			lastGrowth = g
			if steady >= 2 && tl == nil {
				return g, last
			}
		}
		endLast = last
		if tl != nil && period == total-1 {
			t0 := start[0]
			for i := 0; i < n; i++ {
				t0 = min(t0, start[i])
			}
			for i := 0; i < n; i++ {
				st := &s.Stages[i]
				tl[i] = TimelineStage{Name: st.Name, MicroBatch: st.MicroBatch, Resources: st.Resources.String(),
					StartSeconds: start[i] - t0, EndSeconds: cur[i] - t0, DurationSeconds: dur[i]}
			}
		}
	}
	return (endLast - endWarm) / scheduleMeasurePeriods, endLast
}

// bitIndex is the index of the lowest set bit of a non-zero b.
func bitIndex(b uint8) int { return bits.TrailingZeros8(b) }

// String lists the resources of s, joined by "+".
func (s ResourceSet) String() string {
	var parts []string
	for r := Resource(0); r < numResources; r++ {
		if s&(1<<r) != 0 {
			parts = append(parts, r.String())
		}
	}
	return strings.Join(parts, "+")
}

// Loads are the time each resource is busy per period under d: the sum of the durations of
// the stages that occupy it.
func (s *Schedule) Loads(d *PhaseSeconds) [numResources]float64 {
	var l [numResources]float64
	for i := range s.Stages {
		st := &s.Stages[i]
		var dur float64
		for p := Phase(0); p < numPhases; p++ {
			if st.Phases.Has(p) {
				dur += d[p]
			}
		}
		for r := Resource(0); r < numResources; r++ {
			if st.Resources&(1<<r) != 0 {
				l[r] += dur
			}
		}
	}
	return l
}

// bindingResource is the resource busy for the whole period (the first of the busiest when
// several are), or ok=false when no resource is: a dependency chain sets the period.
func (s *Schedule) bindingResource(d *PhaseSeconds, period float64) (Resource, bool) {
	l := s.Loads(d)
	best := Resource(0)
	for r := Resource(1); r < numResources; r++ {
		if l[r] > l[best] {
			best = r
		}
	}
	return best, l[best] >= period*(1-1e-9)
}

// cycle is one simple cycle of a schedule's precedence graph: how many times each phase's
// duration lies on it, and how many periods it spans.
type cycle struct {
	coef   [numPhases]float64
	tokens float64
}

// cycles enumerates the simple cycles of s's precedence graph: an edge u → v (v waits for u's
// end) for each dependency (spanning a period when Previous) and between consecutive stages
// of a resource (the last back to the first spans a period). The steady-state period of the
// max-plus system the simulation runs is the largest cycle mean, Σ durations on the cycle /
// periods it spans; cycles of the same phase coefficients and span are kept once.
func (s *Schedule) cycles() []cycle {
	n := len(s.Stages)
	type edge struct{ to, tokens int }
	adj := make([][]edge, n)
	for v, st := range s.Stages {
		for _, d := range st.After {
			t := 0
			if d.Previous {
				t = 1
			}
			adj[d.Stage] = append(adj[d.Stage], edge{v, t})
		}
	}
	for r := Resource(0); r < numResources; r++ {
		var on []int
		for i, st := range s.Stages {
			if st.Resources&(1<<r) != 0 {
				on = append(on, i)
			}
		}
		for i := range on {
			if i+1 < len(on) {
				adj[on[i]] = append(adj[on[i]], edge{on[i+1], 0})
			} else {
				adj[on[i]] = append(adj[on[i]], edge{on[0], 1})
			}
		}
	}
	seen := map[cycle]bool{}
	var out []cycle
	onPath := make([]bool, n)
	var path []int
	var dfs func(start, u, tokens int)
	dfs = func(start, u, tokens int) {
		for _, e := range adj[u] {
			if e.to == start {
				var c cycle
				for _, w := range path {
					for p := Phase(0); p < numPhases; p++ {
						if s.Stages[w].Phases.Has(p) {
							c.coef[p]++
						}
					}
				}
				c.tokens = float64(tokens + e.tokens)
				if c.tokens > 0 && !seen[c] {
					seen[c] = true
					out = append(out, c)
				}
				continue
			}
			if e.to < start || onPath[e.to] {
				continue
			}
			onPath[e.to] = true
			path = append(path, e.to)
			dfs(start, e.to, tokens+e.tokens)
			path = path[:len(path)-1]
			onPath[e.to] = false
		}
	}
	for start := 0; start < n; start++ {
		onPath[start] = true
		path = append(path[:0], start)
		dfs(start, start, 0)
		onPath[start] = false
	}
	return out
}

// cyclePeriod is the largest cycle mean of cs under d.
func cyclePeriod(cs []cycle, d *PhaseSeconds) float64 {
	best := 0.0
	for i := range cs {
		c := &cs[i]
		var t float64
		for p := range c.coef {
			t += c.coef[p] * d[p]
		}
		if t /= c.tokens; t > best {
			best = t
		}
	}
	return best
}
