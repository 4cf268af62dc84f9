package cost

import (
	"fmt"
	"math"
	"sort"

	"github.com/decost/decost/model"
)

// Basis says which times a search holds against the SLA and ranks by.
type Basis string

const (
	// Calibrated times (the default): the profile's kernel efficiency, NIC efficiency and
	// message latency.
	BasisCalibrated Basis = "calibrated"
	// Ideal times: roofline at 100% of peak and bandwidth, network at line rate.
	BasisIdeal Basis = "ideal"
)

// ParseBasis reads "calibrated" or "ideal".
func ParseBasis(s string) (Basis, error) {
	switch b := Basis(s); b {
	case BasisCalibrated, BasisIdeal:
		return b, nil
	}
	return "", fmt.Errorf("unknown basis %q (want calibrated or ideal)", s)
}

func (b Basis) of(s StageSeconds) float64 {
	if b == BasisIdeal {
		return s.Ideal
	}
	return s.Calibrated
}

// ofFigures is of for a pair of figures that are not times (TGS).
func (b Basis) ofFigures(f Figures) float64 { return b.of(StageSeconds(f)) }

// MaxSequences is the largest batch decost accepts for one decode step, in sequences
// (2^24 = 16 777 216; a step of more is a typo, and its times would be meaningless).
const MaxSequences = 1 << 24

// Search defaults.
const (
	// DefaultMaxInstances bounds x and y of an AFD search: 1…8 instances per pool.
	DefaultMaxInstances = 8
	// DefaultMaxSequencesPerGPU bounds the batch grid: at most 1024 sequences per attention
	// GPU and micro-batch.
	DefaultMaxSequencesPerGPU = 1024
	// DefaultMaxEPGPUs bounds the GPU counts of an EP search (8, 16, 32, … ≤ 256, and at most
	// the routed experts).
	DefaultMaxEPGPUs = 256
)

// BatchGrid is the grid of sequences per attention GPU and micro-batch a search tries:
// every whole number up to 8, then four steps per octave (10, 12, 14, 16, 20, 24, 28, 32,
// 40, …), up to max.
func BatchGrid(max int) []int {
	var g []int
	for b := 1; b <= max; {
		g = append(g, b)
		if b < 8 {
			b++
		} else {
			b += pow2Below(b) / 4
		}
	}
	return g
}

// pow2Below is the largest power of two ≤ n (n ≥ 1).
func pow2Below(n int) int {
	p := 1
	for p*2 <= n {
		p *= 2
	}
	return p
}

// DeploySearch is the outcome of a search over deployment plans.
type DeploySearch struct {
	// Best is the plan of highest TGS (on the search's basis) whose TPOT meets the SLA and
	// whose memory fits; ties go to fewer GPUs, then to the smaller batch. Valid when Found.
	Best  DeployResult `json:"best"`
	Found bool         `json:"found"`
	// Frontier is the Pareto frontier of TGS (max) against TPOT (min) over every plan that
	// fits memory, SLA or not, in increasing TPOT.
	Frontier []DeployResult `json:"frontier"`
	// Evaluated counts the plans evaluated, Fitting those that fit memory.
	Evaluated int `json:"evaluated"`
	Fitting   int `json:"fitting"`
	// Fastest is the fitting plan of the smallest TPOT, to say how close the search came when
	// nothing meets the SLA. Valid when Fitting > 0.
	Fastest DeployResult `json:"fastest"`
}

// planRecord is one evaluated plan as a search keeps it while it runs: its sizes and the
// figures it ranks by, so that the loop allocates nothing; the plans a search returns are
// evaluated again in full.
type planRecord struct {
	a, b, batch int // EP: GPUs, 0, batch per GPU; AFD: x, y, N
	gpus        int
	seqs        float64
	tpot        StageSeconds
	tgs         Figures
	fits        bool
}

// searcher collects the plans of a search.
type searcher struct {
	sla     float64
	basis   Basis
	out     DeploySearch
	fits    []planRecord
	best    planRecord
	fastest planRecord
}

func newSearcher(sla float64, basis Basis) (*searcher, error) {
	if math.IsNaN(sla) || math.IsInf(sla, 0) || sla <= 0 {
		return nil, fmt.Errorf("search: tpot sla must be a positive number of seconds, got %v", sla)
	}
	if basis == "" {
		basis = BasisCalibrated
	}
	if _, err := ParseBasis(string(basis)); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return &searcher{sla: sla, basis: basis}, nil
}

// add records one evaluated plan.
func (s *searcher) add(r planRecord) {
	s.out.Evaluated++
	if !r.fits {
		return
	}
	s.out.Fitting++
	s.fits = append(s.fits, r)
	tpot := s.basis.of(r.tpot)
	if s.out.Fitting == 1 || tpot < s.basis.of(s.fastest.tpot) {
		s.fastest = r
	}
	if tpot > s.sla {
		return
	}
	if !s.out.Found || s.better(r, s.best) {
		s.best, s.out.Found = r, true
	}
}

func (s *searcher) better(r, q planRecord) bool {
	a, b := s.basis.ofFigures(r.tgs), s.basis.ofFigures(q.tgs)
	if a != b {
		return a > b
	}
	if r.gpus != q.gpus {
		return r.gpus < q.gpus
	}
	return r.seqs < q.seqs
}

// sweep records the plans eval makes: one plan when the batch is fixed, else one for each b
// of grid (sequences per attention GPU and micro-batch) up to the first that does not fit,
// since more sequences only need more memory.
func (s *searcher) sweep(fixed bool, grid []int, eval func(b int) (planRecord, error)) error {
	if fixed {
		r, err := eval(0)
		if err != nil {
			return err
		}
		s.add(r)
		return nil
	}
	for _, b := range grid {
		r, err := eval(b)
		if err != nil {
			return err
		}
		s.add(r)
		if !r.fits {
			break
		}
	}
	return nil
}

// done computes the frontier (cost.Frontier over TPOT min, TGS max) and evaluates the
// returned plans in full with full(record).
func (s *searcher) done(full func(planRecord) (DeployResult, error)) (DeploySearch, error) {
	pts := make([][]float64, len(s.fits))
	for i, r := range s.fits {
		pts[i] = []float64{s.basis.of(r.tpot), s.basis.ofFigures(r.tgs)}
	}
	var recs []planRecord
	if len(pts) > 0 {
		idx, err := Frontier(pts, []Direction{Minimise, Maximise})
		if err != nil {
			return DeploySearch{}, err
		}
		for _, i := range idx {
			recs = append(recs, s.fits[i])
		}
	}
	sort.SliceStable(recs, func(i, j int) bool {
		if a, b := s.basis.of(recs[i].tpot), s.basis.of(recs[j].tpot); a != b {
			return a < b
		}
		return s.better(recs[i], recs[j])
	})
	// Plans of exactly the same TPOT and TGS (the same pool sizes reached two ways) are one
	// point of the frontier: keep the one the ranking prefers.
	uniq := recs[:0]
	for i, r := range recs {
		if i > 0 && s.basis.of(r.tpot) == s.basis.of(recs[i-1].tpot) && s.basis.ofFigures(r.tgs) == s.basis.ofFigures(recs[i-1].tgs) {
			continue
		}
		uniq = append(uniq, r)
	}
	recs = uniq
	s.out.Frontier = make([]DeployResult, 0, len(recs))
	for _, r := range recs {
		d, err := full(r)
		if err != nil {
			return DeploySearch{}, err
		}
		s.out.Frontier = append(s.out.Frontier, d)
	}
	var err error
	if s.out.Found {
		if s.out.Best, err = full(s.best); err != nil {
			return DeploySearch{}, err
		}
	}
	if s.out.Fitting > 0 {
		if s.out.Fastest, err = full(s.fastest); err != nil {
			return DeploySearch{}, err
		}
	}
	return s.out, nil
}

// maxPoolGPUs is the largest expert-parallel pool m allows: the fewest routed experts of
// its MoE layers (expert replication is not modelled); 0 for a model without MoE layers.
func maxPoolGPUs(m *model.Model) int {
	least := 0
	for _, k := range m.Kinds() {
		if f := k.Layer.FFN; f.Kind == model.MoE && (least == 0 || f.Experts < least) {
			least = f.Experts
		}
	}
	return least
}

// AFDSearch is a search over AFD plans.
type AFDSearch struct {
	// Plan fixes everything but the fields left zero: AttentionInstances (x), FFNInstances
	// (y) and Batch (N) are searched when 0.
	Plan AFDPlan
	// MaxInstances bounds a searched x or y (DefaultMaxInstances when 0); a searched y also
	// keeps y·g within the routed experts.
	MaxInstances int
	// MaxSequencesPerGPU bounds the batch grid (DefaultMaxSequencesPerGPU when 0): a searched
	// N is b·m·x·g for b in BatchGrid(MaxSequencesPerGPU), stopping at the first b whose KV
	// cache does not fit.
	MaxSequencesPerGPU int
	// TPOTSLASeconds is the time-per-output-token target in seconds.
	TPOTSLASeconds float64
	// Basis is the times the SLA and the ranking use (BasisCalibrated when "").
	Basis Basis
}

// SearchAFD evaluates every plan of s and returns the best one under the SLA and the
// frontier.
func SearchAFD(m *model.Model, s AFDSearch) (DeploySearch, error) {
	if err := m.Validate(); err != nil {
		return DeploySearch{}, err
	}
	sr, err := newSearcher(s.TPOTSLASeconds, s.Basis)
	if err != nil {
		return DeploySearch{}, err
	}
	p := s.Plan
	if p.GPUsPerInstance < 1 {
		return DeploySearch{}, fmt.Errorf("afd search: gpus per instance must be at least 1, got %d", p.GPUsPerInstance)
	}
	if p.MicroBatches < 1 {
		return DeploySearch{}, fmt.Errorf("afd search: micro-batches must be at least 1, got %d", p.MicroBatches)
	}
	if p.AttentionInstances < 0 || p.FFNInstances < 0 || p.Batch < 0 {
		return DeploySearch{}, fmt.Errorf("afd search: instances and batch must be positive, or 0 to search them")
	}
	maxInst := s.MaxInstances
	if maxInst == 0 {
		maxInst = DefaultMaxInstances
	}
	maxB := s.MaxSequencesPerGPU
	if maxB == 0 {
		maxB = DefaultMaxSequencesPerGPU
	}
	if maxInst < 1 || maxB < 1 {
		return DeploySearch{}, fmt.Errorf("afd search: the instance and batch bounds must be at least 1")
	}
	xs := span(p.AttentionInstances, maxInst)
	maxY := maxInst
	if p.FFNInstances == 0 {
		if maxY = MaxFFNInstances(m, p.GPUsPerInstance, maxInst); maxY < 1 {
			return DeploySearch{}, fmt.Errorf("afd search: model %s has %d routed experts, fewer than the %d GPUs of one FFN instance", m.ID, maxPoolGPUs(m), p.GPUsPerInstance)
		}
	}
	ys := span(p.FFNInstances, maxY)
	q := p
	q.AttentionInstances, q.FFNInstances, q.Batch = 0, 0, 0
	pa, err := PrepareAFD(m, q)
	if err != nil {
		return DeploySearch{}, err
	}
	grid := BatchGrid(maxB)
	sr.fits = make([]planRecord, 0, len(xs)*len(ys)*len(grid))
	pa.warm(ys)
	var run stepRun
	for _, x := range xs {
		for _, y := range ys {
			err := sr.sweep(p.Batch > 0, grid, func(b int) (planRecord, error) {
				n := p.Batch
				if n == 0 {
					n = b * p.MicroBatches * x * p.GPUsPerInstance
				}
				if err := pa.summary(x, y, n, &run); err != nil {
					return planRecord{}, fmt.Errorf("model %s: %w", m.ID, err)
				}
				return planRecord{a: x, b: y, batch: n, gpus: (x + y) * p.GPUsPerInstance, seqs: float64(n),
					tpot: run.tpot, tgs: run.tgs, fits: run.fits}, nil
			})
			if err != nil {
				return DeploySearch{}, err
			}
		}
	}
	return sr.done(func(r planRecord) (DeployResult, error) { return pa.Evaluate(r.a, r.b, r.batch) })
}

// span is {fixed} when fixed > 0, else InstanceCounts(max).
func span(fixed, max int) []int {
	if fixed > 0 {
		return []int{fixed}
	}
	return InstanceCounts(max)
}

// EPSearch is a search over EP plans.
type EPSearch struct {
	// Plan fixes everything but the fields left zero: GPUs and BatchPerGPU are searched when
	// 0.
	Plan EPPlan
	// MaxGPUs bounds a searched G (DefaultMaxEPGPUs when 0): G runs over one node's GPUs
	// times 1, 2, 4, … up to MaxGPUs and the routed experts.
	MaxGPUs int
	// MaxSequencesPerGPU bounds the batch grid (DefaultMaxSequencesPerGPU when 0): a searched
	// BatchPerGPU is b·m for b in BatchGrid, stopping when memory no longer fits.
	MaxSequencesPerGPU int
	// TPOTSLASeconds is the time-per-output-token target in seconds.
	TPOTSLASeconds float64
	// Basis is the times the SLA and the ranking use (BasisCalibrated when "").
	Basis Basis
}

// SearchEP evaluates every plan of s and returns the best one under the SLA and the
// frontier.
func SearchEP(m *model.Model, s EPSearch) (DeploySearch, error) {
	if err := m.Validate(); err != nil {
		return DeploySearch{}, err
	}
	sr, err := newSearcher(s.TPOTSLASeconds, s.Basis)
	if err != nil {
		return DeploySearch{}, err
	}
	p := s.Plan
	if p.MicroBatches < 1 {
		return DeploySearch{}, fmt.Errorf("ep search: micro-batches must be at least 1, got %d", p.MicroBatches)
	}
	if p.GPUs < 0 || p.BatchPerGPU < 0 {
		return DeploySearch{}, fmt.Errorf("ep search: gpus and batch must be positive, or 0 to search them")
	}
	maxG := s.MaxGPUs
	if maxG == 0 {
		maxG = DefaultMaxEPGPUs
	}
	maxB := s.MaxSequencesPerGPU
	if maxB == 0 {
		maxB = DefaultMaxSequencesPerGPU
	}
	gs := []int{p.GPUs}
	if p.GPUs == 0 {
		if gs = EPGPUCounts(m, p.Hardware.GPUsPerNode, maxG); len(gs) == 0 {
			if e := maxPoolGPUs(m); e > 0 {
				maxG = min(maxG, e)
			}
			return DeploySearch{}, fmt.Errorf("ep search: no GPU count between one node (%d) and %d", max(p.Hardware.GPUsPerNode, 1), maxG)
		}
	}
	q := p
	q.GPUs, q.BatchPerGPU = 0, 0
	pe, err := PrepareEP(m, q)
	if err != nil {
		return DeploySearch{}, err
	}
	grid := BatchGrid(maxB)
	sr.fits = make([]planRecord, 0, len(gs)*len(grid))
	pe.warm(gs)
	var run stepRun
	for _, g := range gs {
		err := sr.sweep(p.BatchPerGPU > 0, grid, func(b int) (planRecord, error) {
			batch := p.BatchPerGPU
			if batch == 0 {
				batch = b * p.MicroBatches
			}
			if err := pe.summary(g, batch, &run); err != nil {
				return planRecord{}, fmt.Errorf("model %s: %w", m.ID, err)
			}
			return planRecord{a: g, batch: batch, gpus: g, seqs: float64(batch * g), tpot: run.tpot, tgs: run.tgs, fits: run.fits}, nil
		})
		if err != nil {
			return DeploySearch{}, err
		}
	}
	return sr.done(func(r planRecord) (DeployResult, error) { return pe.Evaluate(r.a, r.batch) })
}
