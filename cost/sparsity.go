package cost

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// The report's defaults for the MoE network bound (docs/design.md §sparsity): 50 ms per output token over a
// 3-stage pipeline (attention, FFN, communication).
const (
	// DefaultTPOTSeconds is the time per output token of the bound, in seconds: the
	// report's 50 ms, the same target as a deployment search's (DefaultTPOTSLASeconds).
	DefaultTPOTSeconds = DefaultTPOTSLASeconds
	// DefaultPipelineStages is the pipeline depth of the bound: attention, FFN,
	// communication, AFD's three micro-batches (DefaultAFDMicroBatches).
	DefaultPipelineStages = DefaultAFDMicroBatches
	// DefaultSparsityNICEfficiency is the fraction of the NIC line rate the bound assumes:
	// 1, as the report (deployments use DefaultNICEfficiency, 0.8, DeepEP's measurement).
	DefaultSparsityNICEfficiency = 1.0
)

// SparsityParams are the inputs of the network bound besides the card.
type SparsityParams struct {
	// Hidden is H and Layers is L of the model whose hidden states cross the network.
	Hidden, Layers int
	// TPOTSeconds is the time per output token target in seconds; Stages the pipeline depth.
	TPOTSeconds float64
	Stages      int
	// NICEfficiency is the achieved fraction of the node's NIC line rate (1 = the report's
	// assumption; DeepEP measured about 0.8: 40 GB/s per 400 Gb/s NIC).
	NICEfficiency float64
}

// CommunicationBudgetSeconds is the time per layer-stage that bounds the network term, before
// dividing by L: 2/3 of TPOT/stages, rounded to three significant digits as the report
// rounds it (50 ms / 3 = 16.67 ms; 2/3 of it is 11.11 ms, which the report writes 11.1 ms).
// The 2/3 is 2 FLOPs per 8-bit weight byte (the dense roof needs 2·B ≥ peak/BW) over the
// 3·H bytes each token sends and receives per layer (H in FP8 out, 2·H in BF16 back).
func CommunicationBudgetSeconds(tpotSeconds float64, stages int) float64 {
	b := 2.0 / 3 * tpotSeconds / float64(stages)
	r, _ := strconv.ParseFloat(strconv.FormatFloat(b, 'g', 3, 64), 64)
	return r
}

// SparsityLimit is the MoE sparsity the network allows on one card (docs/design.md §sparsity).
type SparsityLimit struct {
	// Hardware is the card's id.
	Hardware string `json:"hardware"`
	// PeakFLOPsPerSecond is the card's peak at FP8 (BF16 on cards without FP8);
	// MemoryBytesPerSecond its bandwidth; NetworkBytesPerSecond its node's NICs (GPUsPerNode
	// × line rate × efficiency), in bytes/s.
	PeakFLOPsPerSecond    float64 `json:"peak_flops_per_second"`
	MemoryBytesPerSecond  float64 `json:"memory_bytes_per_second"`
	NetworkBytesPerSecond float64 `json:"network_bytes_per_second"`
	// CommunicationBudgetSeconds is CommunicationBudgetSeconds(TPOT, stages).
	CommunicationBudgetSeconds float64 `json:"comm_budget_seconds"`
	// MinSparsity = H · peak · L / (Net · BW · budget): the lowest sparsity whose FFN
	// reaches its compute roof without the hidden-state traffic overrunning the budget.
	MinSparsity float64 `json:"min_sparsity"`
	// DenseBatch = peak / (2 · BW): the tokens per step a dense FFN with 8-bit weights needs
	// to reach the compute roof.
	DenseBatch float64 `json:"dense_batch"`
	// ModelSparsity is the model's (most common) MoE sparsity, 1 for a dense model;
	// MoEBatch = DenseBatch / ModelSparsity.
	ModelSparsity float64 `json:"model_sparsity"`
	MoEBatch      float64 `json:"moe_batch"`
	// ModelActivatedExperts is top-k + shared experts of the model; ActivatedExpertsNeeded
	// is how many it would need, ⌈MinSparsity · (routed + shared)⌉, to clear the bound.
	ModelActivatedExperts  int `json:"model_activated_experts"`
	ActivatedExpertsNeeded int `json:"activated_experts_needed"`
	// Clears says ModelSparsity ≥ MinSparsity.
	Clears bool `json:"clears"`
}

// ErrDenseModel is SparsityLimitOf's error for a model without MoE layers: the bound is on
// MoE sparsity, and a dense FFN has none to lower (its threshold is DenseBatch).
var ErrDenseModel = errors.New("dense: no MoE layer, so no expert sparsity to bound (a dense FFN needs the dense batch, peak/(2·BW), instead)")

// ErrNoNIC is SparsityLimitOf's error for a card without a scale-out NIC: the bound is on
// the network.
var ErrNoNIC = errors.New("has no scale-out NIC")

// ErrTPOTTooShort is SparsityLimitOf's error when the network bound needs a sparsity above 1
// (every expert active): at that TPOT (and stage count) no model meets it.
var ErrTPOTTooShort = errors.New("no model meets it")

// SparsityLimitOf computes the network bound of docs/design.md §sparsity on card hw for model m, whose
// hidden size and layer count set H and L (s.Hidden and s.Layers, when non-zero, override
// them).
func SparsityLimitOf(m *model.Model, hw hardware.Accelerator, s SparsityParams) (SparsityLimit, error) {
	if err := m.Validate(); err != nil {
		return SparsityLimit{}, err
	}
	if err := hw.Validate(); err != nil {
		return SparsityLimit{}, err
	}
	f := m.MainFFN()
	if f.Kind != model.MoE {
		return SparsityLimit{}, fmt.Errorf("model %s is %w", m.ID, ErrDenseModel)
	}
	if s.Hidden == 0 {
		s.Hidden = m.Hidden
	}
	if s.Layers == 0 {
		s.Layers = len(m.Layers)
	}
	switch {
	case s.Hidden < 0 || s.Layers < 0:
		return SparsityLimit{}, fmt.Errorf("sparsity: hidden and layers must be positive, got %d and %d", s.Hidden, s.Layers)
	case math.IsNaN(s.TPOTSeconds) || !(s.TPOTSeconds > 0) || math.IsInf(s.TPOTSeconds, 0):
		return SparsityLimit{}, fmt.Errorf("sparsity: tpot must be a positive time, got %v s", s.TPOTSeconds)
	case s.Stages < 1:
		return SparsityLimit{}, fmt.Errorf("sparsity: stages must be at least 1, got %d", s.Stages)
	case math.IsNaN(s.NICEfficiency) || !(s.NICEfficiency > 0 && s.NICEfficiency <= 1):
		return SparsityLimit{}, fmt.Errorf("sparsity: nic efficiency must be in (0, 1], got %v", s.NICEfficiency)
	}
	net := hw.NodeNICBytesPerSecond() * s.NICEfficiency
	if net <= 0 {
		return SparsityLimit{}, fmt.Errorf("sparsity: hardware %s %w", hw.ID, ErrNoNIC)
	}
	r := SparsityLimit{
		Hardware:                   hw.ID,
		PeakFLOPsPerSecond:         hw.PeakFLOPs(precision.FP8),
		MemoryBytesPerSecond:       hw.MemoryBytesPerSecond,
		NetworkBytesPerSecond:      net,
		CommunicationBudgetSeconds: CommunicationBudgetSeconds(s.TPOTSeconds, s.Stages),
	}
	r.MinSparsity = float64(s.Hidden) * r.PeakFLOPsPerSecond * float64(s.Layers) /
		(net * r.MemoryBytesPerSecond * r.CommunicationBudgetSeconds)
	if r.MinSparsity > 1 {
		// Beyond every expert active: no model can meet the bound, and "experts needed"
		// would exceed the experts there are. The bound falls as 1/TPOT (budget ∝ TPOT).
		return SparsityLimit{}, fmt.Errorf("sparsity on %s: at a TPOT of %.3g ms the network bound needs sparsity %.3g, above 1 (every expert active), so %w; it reaches 1 at a TPOT of about %.3g ms",
			hw.ID, s.TPOTSeconds*1e3, r.MinSparsity, ErrTPOTTooShort, s.TPOTSeconds*r.MinSparsity*1e3)
	}
	r.DenseBatch = r.PeakFLOPsPerSecond / (2 * r.MemoryBytesPerSecond)
	r.ModelSparsity = f.Sparsity()
	r.MoEBatch = r.DenseBatch / r.ModelSparsity
	r.ModelActivatedExperts = f.TopK + f.SharedExperts
	// At least one expert is active, however loose the bound.
	r.ActivatedExpertsNeeded = max(1, int(math.Ceil(r.MinSparsity*float64(f.Experts+f.SharedExperts)-1e-9)))
	r.Clears = r.ModelSparsity >= r.MinSparsity
	return r, nil
}
