package scenarios

import (
	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// Result is what an in-memory run returns, for the analysis the scenario names.
type Result struct {
	// Plan is the resolved scenario the results come from.
	Plan *Plan
	// Comparison is the cost analysis: one group per model variant and context (variants
	// outermost), one cell per card of Plan.Cards and the AFD choice among them.
	Comparison cost.Comparison
	// Counts is the counts analysis: one row per model variant and context.
	Counts []CountsRow
	// Sparsity is the sparsity analysis: one row per model variant and card.
	Sparsity []SparsityRow
	// Roofline is the roofline analysis: one row per model variant, card, context and
	// batch size, in that nesting.
	Roofline []RooflineRow
	// Deploy is the deploy analysis: one row per plan that fits memory, per model variant,
	// card pair and context, in the order the plans are tried.
	Deploy []DeployRow
	// SparsitySkipped are the model variants the sparsity analysis left out: dense ones,
	// which have no expert sparsity to bound (cost.ErrDenseModel).
	SparsitySkipped []*ModelVariant
	// DeploySkipped counts, per model variant, the deploy plans left out because they
	// cannot exist for that model (none when every plan can).
	DeploySkipped []DeploySkip
}

// CountsRow is one model variant's per-token counts at one context.
type CountsRow struct {
	// Variant is the model variant; Context the context in tokens.
	Variant *ModelVariant
	Context int
	// Counts are per decoded token: KV bytes, attention core, linear and FFN FLOPs.
	model.Counts
	// ArithmeticIntensity is attention core FLOPs per KV byte.
	ArithmeticIntensity float64
	// EffectiveRank is the model's effective attention rank.
	EffectiveRank int
}

// notAvailable is the error of an analysis this build cannot run yet.
func notAvailable(s *Scenario) error {
	return &Error{File: s.File, Line: s.lineOf(path{"analysis"}), Msg: "analysis " + string(s.Analysis) + ": not available in this build"}
}

// Run resolves and runs a scenario in memory. Sweeps that set stream: true run with Stream.
func Run(s *Scenario, opt Options) (*Result, error) {
	if columns(s.Analysis) == nil {
		return nil, notAvailable(s)
	}
	p, err := NewPlan(s, opt)
	if err != nil {
		return nil, err
	}
	r := &Result{Plan: p}
	profile := opt.Profile
	if profile == nil {
		profile = func(string) (hardware.Profile, error) { return hardware.DefaultProfile(), nil }
	}
	contexts := p.Contexts.Values()
	switch s.Analysis {
	case Cost:
		ms := make([]*model.Model, len(p.Models))
		for i := range p.Models {
			ms[i] = p.Models[i].Model
		}
		r.Comparison, err = cost.Compare(ms, p.Cards, contexts, p.Count)
		if err != nil {
			return nil, &Error{File: s.File, Msg: err.Error()}
		}
	case Counts:
		for i := range p.Models {
			v := &p.Models[i]
			e := cost.NewEvaluator(v.Model, p.Count)
			for _, c := range contexts {
				n := e.Counts(c)
				r.Counts = append(r.Counts, CountsRow{Variant: v, Context: c, Counts: n,
					ArithmeticIntensity: n.ArithmeticIntensity(), EffectiveRank: v.Model.EffectiveRank()})
			}
		}
	case Sparsity:
		if err := runSparsity(p, r); err != nil {
			return nil, err
		}
	case Roofline:
		if err := runRoofline(p, r, profile); err != nil {
			return nil, err
		}
	case Deploy:
		cat := opt.Catalogue
		if cat == nil {
			cat = hardware.Builtin()
		}
		if err := runDeploy(p, r, cat, profile, opt); err != nil {
			return nil, err
		}
	}
	if err := opt.stopped(); err != nil {
		return nil, err // interrupted while an analysis ran: no result to write
	}
	if opt.Progress != nil {
		opt.Progress(p.Points(), p.Points())
	}
	return r, nil
}
