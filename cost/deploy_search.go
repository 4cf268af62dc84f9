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

// searcher collects the plans of a search.
type searcher struct {
	sla   float64
	basis Basis
	out   DeploySearch
	fits  []DeployResult
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
func (s *searcher) add(r DeployResult) {
	s.out.Evaluated++
	if !r.Fits {
		return
	}
	s.out.Fitting++
	s.fits = append(s.fits, r)
	tpot := s.basis.of(r.TPOT)
	if s.out.Fitting == 1 || tpot < s.basis.of(s.out.Fastest.TPOT) {
		s.out.Fastest = r
	}
	if tpot > s.sla {
		return
	}
	if !s.out.Found || s.better(r, s.out.Best) {
		s.out.Best, s.out.Found = r, true
	}
}

func (s *searcher) better(r, q DeployResult) bool {
	a, b := s.basis.of(r.TGS), s.basis.of(q.TGS)
	if a != b {
		return a > b
	}
	if r.GPUs != q.GPUs {
		return r.GPUs < q.GPUs
	}
	return r.TotalBatch < q.TotalBatch
}

// sweep records the plans eval makes: one plan when the batch is fixed, else one for each b
// of BatchGrid(maxB) (sequences per attention GPU and micro-batch) up to the first that does
// not fit, since more sequences only need more memory.
func (s *searcher) sweep(fixed bool, maxB int, eval func(b int) (DeployResult, error)) error {
	grid := []int{0}
	if !fixed {
		grid = BatchGrid(maxB)
	}
	for _, b := range grid {
		r, err := eval(b)
		if err != nil {
			return err
		}
		s.add(r)
		if !r.Fits {
			break
		}
	}
	return nil
}

// done computes the frontier (cost.Frontier over TPOT min, TGS max).
func (s *searcher) done() (DeploySearch, error) {
	pts := make([][]float64, len(s.fits))
	for i, r := range s.fits {
		pts[i] = []float64{s.basis.of(r.TPOT), s.basis.of(r.TGS)}
	}
	s.out.Frontier = []DeployResult{}
	if len(pts) > 0 {
		idx, err := Frontier(pts, []Direction{Minimise, Maximise})
		if err != nil {
			return DeploySearch{}, err
		}
		for _, i := range idx {
			s.out.Frontier = append(s.out.Frontier, s.fits[i])
		}
	}
	sort.SliceStable(s.out.Frontier, func(i, j int) bool {
		return s.basis.of(s.out.Frontier[i].TPOT) < s.basis.of(s.out.Frontier[j].TPOT)
	})
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
	for _, x := range xs {
		for _, y := range ys {
			q := p
			q.AttentionInstances, q.FFNInstances = x, y
			err := sr.sweep(p.Batch > 0, maxB, func(b int) (DeployResult, error) {
				if p.Batch == 0 {
					q.Batch = b * q.MicroBatches * x * q.GPUsPerInstance
				}
				return EvaluateAFD(m, q)
			})
			if err != nil {
				return DeploySearch{}, err
			}
		}
	}
	return sr.done()
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
	for _, g := range gs {
		q := p
		q.GPUs = g
		err := sr.sweep(p.BatchPerGPU > 0, maxB, func(b int) (DeployResult, error) {
			if p.BatchPerGPU == 0 {
				q.BatchPerGPU = b * q.MicroBatches
			}
			return EvaluateEP(m, q)
		})
		if err != nil {
			return DeploySearch{}, err
		}
	}
	return sr.done()
}
