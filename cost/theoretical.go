package cost

import (
	"fmt"
	"math"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// MTok is one million tokens, the report's unit of cost.
const MTok = 1e6

// TrainingContext is the context at which the report counts attention core FLOPs for its
// training-cost comparison (8K).
const TrainingContext = 8192

// Theoretical is the report's theoretical decoding cost (docs/design.md §cost) of one model on one card
// at one context, per decoded token.
type Theoretical struct {
	// Model and Hardware are the ids of the model and the card; Context is C, the tokens
	// already cached per sequence.
	Model    string `json:"model"`
	Hardware string `json:"hardware"`
	Context  int    `json:"context"`
	// Counts are the model's per-token counts at Context (FLOPs and bytes per decoded token).
	model.Counts
	// ComputePrecision is the format the card computes in for the model's (first) layer kind:
	// FP8 where both want it, BF16 on cards without FP8.
	ComputePrecision precision.Format `json:"compute_precision"`
	// AttentionCoreUSDPerMTok is core FLOPs × $/FLOP; KVUSDPerMTok is KV bytes × $/byte;
	// LinearUSDPerMTok is projection FLOPs × $/FLOP.
	AttentionCoreUSDPerMTok float64 `json:"attention_core_usd_per_mtok"`
	KVUSDPerMTok            float64 `json:"kv_usd_per_mtok"`
	LinearUSDPerMTok        float64 `json:"linear_usd_per_mtok"`
	// IndexerUSDPerMTok is the lightning indexer's cost (DeepSeek Sparse Attention), its own
	// kernel with its own roof: max(indexer FLOPs × $/FLOP, index key bytes × $/byte). 0 for
	// models without an indexer.
	IndexerUSDPerMTok float64 `json:"indexer_usd_per_mtok,omitempty"`
	// AttentionUSDPerMTok = max(core, KV) + indexer + linear: the core is compute- or
	// memory-bound, whichever costs more; the projections are taken as compute-bound
	// (batching amortises their weight reads).
	AttentionUSDPerMTok float64 `json:"attention_usd_per_mtok"`
	// FFNUSDPerMTok is activated FFN FLOPs × $/FLOP (batching assumed large enough).
	FFNUSDPerMTok float64 `json:"ffn_usd_per_mtok"`
	// TotalUSDPerMTok is attention + FFN on this one card.
	TotalUSDPerMTok float64 `json:"total_usd_per_mtok"`
	// AttentionBound says which term binds the attention core: "memory" when the KV read
	// costs at least as much as the core FLOPs (memory on a tie, as hardware.IdealBound),
	// "compute" otherwise.
	AttentionBound hardware.Bound `json:"attention_bound"`
	// TrainingUSDPerMTok is the report's training cost per 1M tokens at 100% MFU:
	// 3 × (core and indexer FLOPs at 8K + linear + FFN) × $/FLOP.
	TrainingUSDPerMTok float64 `json:"training_usd_per_mtok"`
	// MTP is the multi-token prediction the decode costs are per accepted token of (nil: none,
	// the report's one token per step). With it, Counts and every decode cost above are per
	// accepted token (MTPPerAcceptedToken); the training cost is not.
	MTP *MTPTerm `json:"mtp,omitempty"`
}

// MTPTerm is the multi-token prediction a theoretical cost assumes.
type MTPTerm struct {
	MTP
	// CreditedTokens is 1 + p + … + p^K, the accepted tokens per sequence and step.
	CreditedTokens float64 `json:"credited_tokens"`
}

// MTPPerAcceptedToken turns one decode step's per-sequence counts of one token (c) into
// counts per accepted token under multi-token prediction m: every step runs 1 + K tokens per
// sequence through the model — K+1 times the attention core, indexer, projection and FFN
// FLOPs — over one read of the KV cache (and of the indexer's keys), and is credited
// m.CreditedTokens() tokens. So FLOPs scale by (1 + K) / credited and bytes by 1 / credited.
// With K = 0 c is unchanged. The draft tokens' own MTP layers are not counted (the zoo has no
// MTP layers).
func MTPPerAcceptedToken(c model.Counts, m MTP) model.Counts {
	if m.DraftTokens == 0 {
		return c
	}
	credited := m.CreditedTokens()
	flops := float64(m.TokensPerStep()) / credited
	c.AttentionFLOPs *= flops
	c.LinearFLOPs *= flops
	c.FFNFLOPs *= flops
	c.IndexerFLOPs *= flops
	c.KVBytes /= credited
	c.IndexerBytes /= credited
	return c
}

// kindTerms are one layer kind's counts as an affine function of the attended and the
// indexed context (model.Layer.CountsOver): the KV bytes and core FLOPs grow with the
// attended tokens min(C, attendCap) (the attention's AttendedTokens: its window or its top-k),
// the indexer's FLOPs and bytes with the indexed tokens (C for a lightning indexer), and
// nothing else with C. TestEvaluatorMatchesCounts holds this against model.CountsAt.
type kindTerms struct {
	attendCap int // AttendedTokens(∞): the window, the top-k, or maxInt
	indexed   bool
	fixed     model.Counts
	// kvPerToken and corePerToken are the KV bytes and core FLOPs per attended token;
	// indexerFLOPsPerToken and indexerBytesPerToken the indexer's per indexed token.
	kvPerToken, corePerToken                   float64
	indexerFLOPsPerToken, indexerBytesPerToken float64
	compute                                    precision.Format
	// core8K is the core and indexer FLOPs at TrainingContext, for the training cost.
	core8K float64
}

// Evaluator computes theoretical costs of one model quickly: it precomputes each layer kind's
// counts so that an evaluation does no allocation. It is safe for concurrent use.
type Evaluator struct {
	model *model.Model
	kinds []kindTerms
	extra float64 // FLOPs added to the FFN once per token (LM head)
	mtp   MTP     // multi-token prediction of the decode costs (zero: none)
}

// NewEvaluator prepares cost evaluations of m with the given count options. m must be valid.
func NewEvaluator(m *model.Model, opt model.CountOptions) *Evaluator {
	e := &Evaluator{model: m}
	for _, k := range m.Kinds() {
		n := float64(k.Count())
		o := model.CountOptions{Router: opt.Router}
		at0 := k.Layer.CountsOver(m.Hidden, 0, 0, o)
		attended := k.Layer.CountsOver(m.Hidden, 1, 0, o)
		indexed := k.Layer.CountsOver(m.Hidden, 0, 1, o)
		a := k.Layer.Attention
		perToken, perIndexed := attended.Add(at0.Scale(-1)).Scale(n), indexed.Add(at0.Scale(-1)).Scale(n)
		kt := kindTerms{
			attendCap:  a.AttendedTokens(math.MaxInt),
			indexed:    a.IndexedTokens(1) > 0,
			fixed:      at0.Scale(n),
			kvPerToken: perToken.KVBytes, corePerToken: perToken.AttentionFLOPs,
			indexerFLOPsPerToken: perIndexed.IndexerFLOPs, indexerBytesPerToken: perIndexed.IndexerBytes,
			compute: k.Layer.Precision.Compute,
		}
		at8K := kt.at(TrainingContext)
		kt.core8K = at8K.AttentionFLOPs + at8K.IndexerFLOPs
		e.kinds = append(e.kinds, kt)
	}
	if opt.LMHead {
		e.extra = m.LMHeadFLOPs()
	}
	return e
}

// WithMTP returns a copy of e whose theoretical decode costs are per accepted token under
// multi-token prediction m (MTPPerAcceptedToken); m must be valid. Counts stays per token of
// one-token decode.
func (e *Evaluator) WithMTP(m MTP) *Evaluator {
	c := *e
	c.mtp = m
	return &c
}

// Model returns the model the evaluator was made for.
func (e *Evaluator) Model() *model.Model { return e.model }

// Counts returns the model's total per-token counts at the given context; they equal
// model.CountsAt(context, opt).Total.
func (e *Evaluator) Counts(context int) model.Counts {
	var c model.Counts
	for i := range e.kinds {
		c = c.Add(e.kinds[i].at(context))
	}
	c.FFNFLOPs += e.extra
	return c
}

func (k *kindTerms) at(context int) model.Counts {
	c, n := k.fixed, float64(min(context, k.attendCap))
	c.KVBytes += k.kvPerToken * n
	c.AttentionFLOPs += k.corePerToken * n
	if k.indexed {
		c.IndexerFLOPs += k.indexerFLOPsPerToken * float64(context)
		c.IndexerBytes += k.indexerBytesPerToken * float64(context)
	}
	return c
}

// Theoretical returns the report's theoretical cost on card hw at the given context.
// The card must have a price.
func (e *Evaluator) Theoretical(hw *hardware.Accelerator, context int) Theoretical {
	r := Theoretical{Model: e.model.ID, Hardware: hw.ID, Context: context}
	perByte := hw.USDPerByte() * MTok
	var train, perFLOP float64
	var lastCompute precision.Format
	for i := range e.kinds {
		k := &e.kinds[i]
		c := k.at(context)
		t := c // training is one token per step: its counts without MTP
		if e.mtp.DraftTokens > 0 {
			// Only then: the call does not inline, and a point without MTP is the hot
			// path of every cost sweep.
			c = MTPPerAcceptedToken(c, e.mtp)
		}
		if i == 0 || k.compute != lastCompute {
			// Layer kinds mostly share one compute format: ask the card once.
			lastCompute, perFLOP = k.compute, hw.USDPerFLOP(k.compute)*MTok
		}
		r.Counts = r.Counts.Add(c)
		r.AttentionCoreUSDPerMTok += c.AttentionFLOPs * perFLOP
		r.KVUSDPerMTok += c.KVBytes * perByte
		r.LinearUSDPerMTok += c.LinearFLOPs * perFLOP
		r.FFNUSDPerMTok += c.FFNFLOPs * perFLOP
		if k.indexed {
			r.IndexerUSDPerMTok += math.Max(c.IndexerFLOPs*perFLOP, c.IndexerBytes*perByte)
		}
		train += 3 * (k.core8K + t.LinearFLOPs + t.FFNFLOPs) * perFLOP
	}
	if len(e.kinds) > 0 {
		r.ComputePrecision, _ = hw.Compute(e.kinds[0].compute)
	}
	if e.extra > 0 {
		perFLOP := hw.USDPerFLOP(r.ComputePrecision) * MTok
		extra := MTPPerAcceptedToken(model.Counts{FFNFLOPs: e.extra}, e.mtp).FFNFLOPs
		r.FFNFLOPs += extra
		r.FFNUSDPerMTok += extra * perFLOP
		train += 3 * e.extra * perFLOP
	}
	if e.mtp.DraftTokens > 0 {
		r.MTP = &MTPTerm{MTP: e.mtp, CreditedTokens: e.mtp.CreditedTokens()}
	}
	r.AttentionBound = hardware.ComputeBound
	core := r.AttentionCoreUSDPerMTok
	if r.KVUSDPerMTok >= core {
		r.AttentionBound, core = hardware.MemoryBound, r.KVUSDPerMTok
	}
	r.AttentionUSDPerMTok = core + r.IndexerUSDPerMTok + r.LinearUSDPerMTok
	r.TotalUSDPerMTok = r.AttentionUSDPerMTok + r.FFNUSDPerMTok
	r.TrainingUSDPerMTok = train
	return r
}

// TheoreticalCost is a convenience for one evaluation: it checks its inputs and returns
// the report's theoretical cost of m on hw at context.
func TheoreticalCost(m *model.Model, hw hardware.Accelerator, context int, opt model.CountOptions) (Theoretical, error) {
	if err := m.Validate(); err != nil {
		return Theoretical{}, err
	}
	if err := CheckCard(hw); err != nil {
		return Theoretical{}, err
	}
	if err := checkContext(context); err != nil {
		return Theoretical{}, err
	}
	return NewEvaluator(m, opt).Theoretical(&hw, context), nil
}

// CheckCard reports why a card cannot be priced: an invalid row or no price.
func CheckCard(hw hardware.Accelerator) error {
	if err := hw.Validate(); err != nil {
		return err
	}
	if !hw.HasPrice() {
		return fmt.Errorf("hardware %s has no price; set one with --price %s=USD_PER_HOUR", hw.ID, hw.ID)
	}
	return nil
}
