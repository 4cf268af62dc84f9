package cost

import (
	"fmt"
	"math"
	"strings"

	"github.com/decost/decost/precision"
)

// Serving options of a deployment (issue 12 items 1, 2, 7, 8): what the serving engine does
// beyond the plan's layout — multi-token prediction, the formats each op runs in, the overlap
// schedule, the expert load imbalance and a fixed per-step overhead. The zero value serves as
// today's single-token decode in the model's own precision, with the mode's default schedule
// and uniform-routing imbalance.
type Serving struct {
	// MTP is multi-token prediction (speculative decoding with the model's MTP layers).
	MTP MTP `json:"mtp"`
	// Precision is the format of each op class (ServingPrecisionModel when zero).
	Precision ServingPrecision `json:"precision"`
	// Schedule names the overlap schedule (BuiltinSchedule); "" is the mode's default.
	Schedule string `json:"schedule"`
	// Imbalance is the expert-load assumption (uniform routing when zero).
	Imbalance Imbalance `json:"imbalance"`
	// RedundantExperts is the number of extra expert replicas spread over an expert-parallel
	// pool (DeepSeek's EPLB): each GPU holds ⌈(E + R)/G⌉ experts; a histogram imbalance uses
	// them to split its hottest experts.
	RedundantExperts int `json:"redundant_experts"`
	// StepOverheadSeconds is a fixed time added to every calibrated decode step (scheduling,
	// sampling bookkeeping, CUDA graph launch), in seconds; DefaultStepOverheadSeconds is 0,
	// and it is reported as its own line.
	StepOverheadSeconds float64 `json:"step_overhead_seconds"`
	// Breakdown asks the evaluation to list every op per stage (DeployResult.Breakdown) and
	// the schedule's timeline; searches fill it only for their best plan.
	Breakdown bool `json:"-"`
}

// DefaultStepOverheadSeconds is the default per-step overhead: 0, nothing assumed.
const DefaultStepOverheadSeconds = 0.0

// Validate reports the first unusable serving option.
func (s Serving) Validate() error {
	if err := s.MTP.Validate(); err != nil {
		return err
	}
	if err := s.Precision.Validate(); err != nil {
		return err
	}
	if err := s.Imbalance.Validate(); err != nil {
		return err
	}
	if s.RedundantExperts < 0 || s.RedundantExperts > 1<<16 {
		return fmt.Errorf("redundant experts must be between 0 and 65536, got %d", s.RedundantExperts)
	}
	if o := s.StepOverheadSeconds; math.IsNaN(o) || math.IsInf(o, 0) || o < 0 || o > 10 {
		return fmt.Errorf("step overhead must be between 0 and 10 s, got %v", o)
	}
	return nil
}

// MTP is multi-token prediction: every decode step verifies 1 + DraftTokens tokens per
// sequence and drafts the next ones with the model's MTP layers.
type MTP struct {
	// DraftTokens is K, the draft tokens per step (0: no MTP).
	DraftTokens int `json:"draft_tokens"`
	// AcceptRate is p, the probability that a draft position is accepted given that the ones
	// before it were (0 ≤ p ≤ 1).
	AcceptRate float64 `json:"accept_rate"`
}

// MaxDraftTokens bounds MTP.DraftTokens.
const MaxDraftTokens = 16

// Validate reports an unusable MTP setting.
func (m MTP) Validate() error {
	if m.DraftTokens < 0 || m.DraftTokens > MaxDraftTokens {
		return fmt.Errorf("mtp: draft tokens must be between 0 and %d, got %d", MaxDraftTokens, m.DraftTokens)
	}
	if math.IsNaN(m.AcceptRate) || m.AcceptRate < 0 || m.AcceptRate > 1 {
		return fmt.Errorf("mtp: accept rate must be in [0, 1], got %v", m.AcceptRate)
	}
	return nil
}

// TokensPerStep is 1 + K, the tokens each sequence runs through the model per step.
func (m MTP) TokensPerStep() int { return 1 + m.DraftTokens }

// CreditedTokens is the expected tokens a sequence gains per step, 1 + p + p² + … + p^K: the
// verified token always, and draft position i only if it and all before it are accepted.
func (m MTP) CreditedTokens() float64 {
	c, q := 1.0, 1.0
	for i := 0; i < m.DraftTokens; i++ {
		q *= m.AcceptRate
		c += q
	}
	return c
}

// ServingPrecision is the format of each op class in serving, separate from the cost profile
// a model carries for the report's analysis. An empty field takes the model's own format (its
// layers' weights, cache and compute formats) or, for the network and the LM head, the
// default named on the field.
type ServingPrecision struct {
	// Name is the preset's name, or "custom".
	Name string `json:"name"`
	// KV is the KV cache format.
	KV precision.Format `json:"kv"`
	// AttentionCore is the format the attention core (and MLA's absorbed matmuls) computes in.
	AttentionCore precision.Format `json:"attention_core"`
	// GEMM is the weight and compute format of the dense GEMMs: attention projections, shared
	// experts, dense FFNs, MTP projection.
	GEMM precision.Format `json:"gemm"`
	// Experts is the weight and compute format of the routed experts.
	Experts precision.Format `json:"experts"`
	// Dispatch is the format tokens travel to the experts in ("" FP8 with one FP32 scale per
	// Network.ScaleGroup elements).
	Dispatch precision.Format `json:"dispatch"`
	// Combine is the format the experts' outputs come back in ("" BF16).
	Combine precision.Format `json:"combine"`
	// LMHead is the LM head's weight and compute format ("" EmbeddingFormat, BF16).
	LMHead precision.Format `json:"lm_head"`
}

// Serving-precision preset names.
const (
	// PrecisionModel serves in the model's own formats (the report's cost profile), FP8
	// dispatch, BF16 combine and LM head: decost's behaviour before serving precisions.
	PrecisionModel = "model"
	// PrecisionDeepSeek is DeepSeek-V3's production decode (its inference-system overview):
	// FP8 GEMMs and experts, BF16 MLA core and KV cache, FP8 dispatch, BF16 combine, BF16 LM
	// head.
	PrecisionDeepSeek = "deepseek"
	// PrecisionBF16 serves everything in BF16, the network too (SGLang's default for a BF16
	// checkpoint).
	PrecisionBF16 = "bf16"
	// PrecisionFP8GEMM is FP8 GEMMs and experts with BF16 KV and attention core (an FP8
	// checkpoint served with a BF16 KV cache): the same formats as PrecisionDeepSeek.
	PrecisionFP8GEMM = "fp8-gemm"
)

// ServingPrecisionPresets lists the preset names.
func ServingPrecisionPresets() []string {
	return []string{PrecisionModel, PrecisionDeepSeek, PrecisionBF16, PrecisionFP8GEMM}
}

// ServingPrecisionPreset returns a named preset.
func ServingPrecisionPreset(name string) (ServingPrecision, error) {
	const f8, b16 = precision.FP8, precision.BF16
	switch strings.ToLower(strings.TrimSpace(name)) {
	case PrecisionModel, "":
		return ServingPrecision{Name: PrecisionModel}, nil
	case PrecisionDeepSeek:
		return ServingPrecision{Name: PrecisionDeepSeek, KV: b16, AttentionCore: b16, GEMM: f8, Experts: f8, Dispatch: f8, Combine: b16, LMHead: b16}, nil
	case PrecisionFP8GEMM:
		return ServingPrecision{Name: PrecisionFP8GEMM, KV: b16, AttentionCore: b16, GEMM: f8, Experts: f8, Dispatch: f8, Combine: b16, LMHead: b16}, nil
	case PrecisionBF16:
		return ServingPrecision{Name: PrecisionBF16, KV: b16, AttentionCore: b16, GEMM: b16, Experts: b16, Dispatch: b16, Combine: b16, LMHead: b16}, nil
	}
	return ServingPrecision{}, fmt.Errorf("unknown serving precision %q (want %s)", name, strings.Join(ServingPrecisionPresets(), ", "))
}

// Validate reports an unknown format.
func (p ServingPrecision) Validate() error {
	for _, o := range servingOps {
		if v := *o.field(&p); v != "" && !v.Valid() {
			return fmt.Errorf("serving precision %s: unknown format %q", strings.ReplaceAll(o.name, "-", " "), v)
		}
	}
	return nil
}

// resolved fills the empty network and LM-head fields with their defaults.
func (p ServingPrecision) resolved() ServingPrecision {
	if p.Name == "" {
		p.Name = PrecisionModel
		if p != (ServingPrecision{Name: PrecisionModel}) {
			p.Name = "custom"
		}
	}
	if p.Dispatch == "" {
		p.Dispatch = precision.FP8
	}
	if p.Combine == "" {
		p.Combine = precision.BF16
	}
	if p.LMHead == "" {
		p.LMHead = EmbeddingFormat
	}
	return p
}
