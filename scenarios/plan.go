package scenarios

import (
	"context"
	"path/filepath"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// Options say how a scenario's names are resolved and how its sweep runs.
type Options struct {
	// Resolve turns a models entry (a built-in id or a path to a config.json or its folder)
	// into a model; nil means model.Resolve. Relative paths (entries model.LooksLikePath
	// says are paths) reach it joined to the scenario file's folder.
	Resolve func(string) (*model.Model, error)
	// Catalogue holds the cards (and their prices); nil means hardware.Builtin().
	Catalogue *hardware.Catalogue
	// Workers is how many goroutines evaluate points; 0 means runtime.GOMAXPROCS(0).
	Workers int
	// Profile returns the calibration profile of a card, for calibrated times; nil means
	// hardware.DefaultProfile() for every card.
	Profile func(cardID string) (hardware.Profile, error)
	// Progress, when set, is called now and then from one goroutine with the points done and
	// the points in the sweep.
	Progress func(done, total int64)
	// Context, when set, stops a run when it is cancelled (an interrupt): the workers of a
	// streamed or deploy sweep stop at their next chunk or group, and the run returns the
	// context's error. nil never stops.
	Context context.Context
}

// stopped is the error of a cancelled Context, or nil.
func (o *Options) stopped() error {
	if o.Context == nil {
		return nil
	}
	return context.Cause(o.Context)
}

// ModelVariant is one value of the models × precisions axes.
type ModelVariant struct {
	// Model is the model with the variant's precision applied.
	Model *model.Model
	// Precision labels the variant: "default" or what it changes.
	Precision string
	// ActivatedParams and TotalParams are the counts the report quotes where it quotes them,
	// else those computed from the architecture (with embeddings), in parameters.
	ActivatedParams float64
	TotalParams     float64
}

// Plan is a scenario with its names resolved: the models, cards and values it sweeps.
type Plan struct {
	// Scenario is the scenario planned.
	Scenario *Scenario
	// Models are models × precision variants, models outermost.
	Models []ModelVariant
	// Cards are hardware × prices, in the order of axes.hardware, each card once per price.
	Cards []hardware.Accelerator
	// Contexts and BatchSizes are the axes of the same name.
	Contexts   Ints
	BatchSizes Ints
	// Count are the count options.
	Count model.CountOptions
}

// NewPlan resolves the scenario's models and cards. Errors name the file and the line of
// the entry that failed.
func NewPlan(s *Scenario, opt Options) (*Plan, error) {
	resolve := opt.Resolve
	if resolve == nil {
		resolve = func(id string) (*model.Model, error) {
			m, _, err := model.Resolve(id)
			return m, err
		}
	}
	cat := opt.Catalogue
	if cat == nil {
		cat = hardware.Builtin()
	}
	p := &Plan{Scenario: s, Contexts: s.Axes.Contexts, BatchSizes: s.Axes.BatchSizes,
		Count: model.CountOptions{Router: s.Options.Router, LMHead: s.Options.LMHead}}
	ids := s.Axes.modelIDs()
	precs := s.Axes.Precisions
	if len(precs) == 0 {
		precs = []Precision{{Label: "default"}}
	}
	single := len(s.Axes.Models) == 1
	for i, id := range ids {
		at := path{"axes", "models", i}
		if single {
			at = path{"axes", "models", 0}
		}
		name := id
		if s.Dir != "" && model.LooksLikePath(id) && !filepath.IsAbs(id) {
			name = filepath.Join(s.Dir, id)
		}
		m, err := resolve(name)
		if err != nil {
			return nil, s.errAt(at, "%v", err)
		}
		if err := m.Validate(); err != nil {
			return nil, s.errAt(at, "%v", err)
		}
		par := m.Params()
		act, tot := m.Quoted.Activated, m.Quoted.Total
		if act == 0 {
			act = par.ActivatedWithEmbeddings()
		}
		if tot == 0 {
			tot = par.TotalWithEmbeddings()
		}
		for _, pr := range precs {
			v := ModelVariant{Model: m, Precision: pr.Label, ActivatedParams: act, TotalParams: tot}
			if !pr.Override.IsZero() {
				v.Model = m.WithPrecision(pr.Override)
				if err := v.Model.Validate(); err != nil {
					return nil, s.errAt(at, "%v", err)
				}
			}
			p.Models = append(p.Models, v)
		}
	}
	hw := s.Axes.Hardware
	all := len(hw) == 1 && hw[0] == "all"
	if all {
		hw = cat.IDs()
	} else if len(hw) == 1 && hw[0] == "report" {
		hw = hardware.ReportIDs()
	}
	for i, id := range hw {
		at := path{"axes", "hardware", i}
		if len(s.Axes.Hardware) == 1 {
			at = path{"axes", "hardware", 0}
		}
		a, err := cat.Get(id)
		if err != nil {
			return nil, s.errAt(at, "%v", err)
		}
		if err := a.Validate(); err != nil {
			return nil, s.errAt(at, "%v", err)
		}
		prices, swept := s.Axes.Prices[id]
		if s.Analysis == Cost && !swept && !a.HasPrice() {
			if all {
				continue
			}
			return nil, s.errAt(at, "%s has no price; sweep one under axes.prices.%s or pass --price %s=USD_PER_HOUR", id, id, id)
		}
		if !swept {
			p.Cards = append(p.Cards, a)
			continue
		}
		for _, usd := range prices.Values() {
			c := a
			c.PriceUSDPerHour, c.PriceIndicative = usd, false
			p.Cards = append(p.Cards, c)
		}
	}
	return p, nil
}

// Points is the number of points of the plan (AFD rows not counted).
func (p *Plan) Points() int64 {
	if p.Scenario.Analysis == Deploy {
		nodes := make([]int, len(p.Cards)) // GPUs per node of each card pair's attention card
		for i, c := range p.Cards {
			nodes[i] = c.GPUsPerNode
		}
		if d := p.Scenario.Axes.Deployment; d.AttentionHardware != "" {
			nodes = []int{0} // one AFD pair, whose node size no AFD count reads
		}
		var n int64
		for _, v := range p.Models {
			for _, g := range nodes {
				n += deployPlans(p.Scenario, v.Model, g)
			}
		}
		return n * int64(p.Contexts.Len())
	}
	n := int64(len(p.Models)) * int64(max(1, p.Contexts.Len())) * int64(max(1, p.BatchSizes.Len()))
	if p.Scenario.Analysis != Counts {
		n *= int64(len(p.Cards))
	}
	return n
}

// AFD reports whether the cost analysis adds AFD rows.
func (p *Plan) AFD() bool { return p.Scenario.AFD == nil || *p.Scenario.AFD }
