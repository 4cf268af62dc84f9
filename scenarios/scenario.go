package scenarios

import (
	"slices"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/model"
	"gopkg.in/yaml.v3"
)

// Analysis names what a scenario computes.
type Analysis string

// The analyses a scenario can name.
const (
	// Cost is the report's theoretical cost per 1M tokens (cost.Compare), with AFD rows.
	Cost Analysis = "cost"
	// Counts is the per-token FLOP and byte counts of each model at each context.
	Counts Analysis = "counts"
	// Sparsity is the MoE sparsity bound against hardware and network (docs/design.md §sparsity).
	Sparsity Analysis = "sparsity"
	// Roofline is the per-layer roofline breakdown of a decode step (docs/design.md §roofline).
	Roofline Analysis = "roofline"
	// Deploy is the AFD/EP deployment simulation (docs/design.md §deploy).
	Deploy Analysis = "deploy"
)

// analyses lists every analysis name a scenario may use.
var analyses = []Analysis{Cost, Counts, Sparsity, Roofline, Deploy}

// Analyses returns every analysis name a scenario may use: a copy, which the caller may
// change.
func Analyses() []Analysis { return slices.Clone(analyses) }

// Scenario is one YAML scenario file.
type Scenario struct {
	// Name identifies the scenario ([a-z0-9-]); the default output folder is named after it.
	Name string `yaml:"name"`
	// Description says in a sentence what the scenario shows.
	Description string `yaml:"description"`
	// Analysis is what the scenario runs.
	Analysis Analysis `yaml:"analysis"`
	// Axes are the values swept; the points are their cartesian product.
	Axes Axes `yaml:"axes"`
	// Options are count options (router, LM head), off by default as in the report.
	Options CountOptions `yaml:"options"`
	// AFD adds, for the cost analysis, one AFD row per model and context (default true).
	AFD *bool `yaml:"afd"`
	// Stream runs the sweep without holding its results: rows go to the CSV output as they
	// are produced. Sweeps of more than MaxInMemoryPoints points must stream.
	Stream bool `yaml:"stream"`
	// Pareto, when set, marks the rows on the Pareto frontier of the named columns.
	Pareto *Pareto `yaml:"pareto"`
	// Outputs are the files the results table is written to.
	Outputs Outputs `yaml:"outputs"`
	// Plots are the figures drawn from the results table.
	Plots []Plot `yaml:"plots"`

	// File is where the scenario was read from ("builtin/NAME.yaml" for a built-in).
	File string `yaml:"-"`
	// Dir is the folder relative model paths (config.json files) are resolved against; empty
	// for built-ins.
	Dir string `yaml:"-"`

	root *yaml.Node
}

// Axes are the swept values. A list may be written as one value; contexts and batch sizes
// also as a range {from, to, step} or {from, to, factor}.
type Axes struct {
	// Models are built-in ids, paths to config.json files, "report" (the report's nine) or
	// "all" (every built-in model).
	Models Strings `yaml:"models"`
	// Hardware are card ids of the catalogue, "report" (the report's four) or "all" (every
	// card; for cost every card with a price, for sparsity every card with a NIC).
	Hardware Strings `yaml:"hardware"`
	// Contexts are context lengths in tokens (8k = 8192).
	Contexts Ints `yaml:"contexts"`
	// BatchSizes are, for roofline, the sequences the GPU group decodes in one step; for
	// deploy, the sequences per attention GPU and micro-batch (default: cost.BatchGrid).
	BatchSizes Ints `yaml:"batch_sizes"`
	// Precisions are model precision variants: "default" (the model's own profile), a format
	// name applied to weights, KV cache and compute (fp8, bf16, …), or a mapping
	// {weights, cache, state, compute}.
	Precisions []Precision `yaml:"precisions"`
	// Prices sweep cards' prices in USD per GPU-hour: card id → values (or a range).
	Prices map[string]Floats `yaml:"prices"`
	// Deployment are the deployment parameters of the deploy, sparsity and roofline analyses.
	Deployment Deployment `yaml:"deployment"`
}

// CountOptions are the count options of model.CountOptions.
type CountOptions struct {
	// Router counts the MoE router in the FFN FLOPs.
	Router bool `yaml:"router"`
	// LMHead counts the LM head in the FFN FLOPs.
	LMHead bool `yaml:"lm_head"`
}

// Deployment are the parameters of a deploy scenario (docs/design.md §deploy).
type Deployment struct {
	// Mode is "afd" (default) or "ep".
	Mode string `yaml:"mode"`
	// AttentionHardware and FFNHardware are the cards of the two pools (AFD).
	AttentionHardware string `yaml:"attention_hardware"`
	FFNHardware       string `yaml:"ffn_hardware"`
	// AttentionInstances and FFNInstances are the x and y of "xAyF" to try (default 1 to 8;
	// for y also at most the routed experts / gpus_per_instance: cost.InstanceCounts and
	// cost.MaxFFNInstances, as cost.SearchAFD).
	AttentionInstances Ints `yaml:"attention_instances"`
	FFNInstances       Ints `yaml:"ffn_instances"`
	// GPUs are the EP deployment sizes to try (default cost.EPGPUCounts, as decost deploy
	// searches: one node × 1, 2, 4, … up to 256 GPUs and the routed experts).
	GPUs Ints `yaml:"gpus"`
	// GPUsPerInstance is the GPUs in one instance (default 8; the roofline's GPU group,
	// default 1).
	GPUsPerInstance int `yaml:"gpus_per_instance"`
	// MicroBatches is the pipeline depth m (default cost.DefaultMicroBatches: 3 for AFD, 2
	// for EP; cost.DefaultPipelineStages, 3, for the sparsity bound).
	MicroBatches int `yaml:"micro_batches"`
	// TPOTSLAMs is the time-per-output-token target in milliseconds (default 50); the
	// sparsity analysis's TPOT too, with MicroBatches as its pipeline stages.
	TPOTSLAMs float64 `yaml:"tpot_sla_ms"`
	// NICEfficiency is the achieved fraction of the NIC line rate, in (0, 1] (default
	// cost.DefaultSparsityNICEfficiency, 1, for the sparsity bound, as the report;
	// cost.DefaultNICEfficiency, 0.8, for deploy).
	NICEfficiency float64 `yaml:"nic_efficiency"`
	// AttentionParallel is how a roofline's GPUs share attention: dp (default) or tp.
	AttentionParallel string `yaml:"attention_parallel"`
	// MTP sweeps multi-token prediction (deploy analysis): each entry is K draft tokens per
	// step and the acceptance p of each (cost.MTP); default one entry, no MTP.
	MTP []MTPSetting `yaml:"mtp"`
}

// MTPSetting is one value of the deployment's mtp axis: {draft_tokens: K, accept: p}.
type MTPSetting struct {
	// DraftTokens is K, the draft tokens per step (0: none).
	DraftTokens int `yaml:"draft_tokens"`
	// Accept is p, the acceptance of each draft position given the ones before it; required
	// with K > 0, absent with K = 0.
	Accept float64 `yaml:"accept"`
}

// MTP is the setting as cost takes it.
func (m MTPSetting) MTP() cost.MTP { return cost.MTP{DraftTokens: m.DraftTokens, AcceptRate: m.Accept} }

// Pareto names the objectives of a frontier over the results table.
type Pareto struct {
	// Min are numeric columns where smaller is better; Max where larger is better.
	Min []string `yaml:"min"`
	Max []string `yaml:"max"`
	// By splits the rows into groups with equal values in these columns, one frontier
	// each (e.g. one per model).
	By Strings `yaml:"by"`
	// Where restricts the frontier to some rows.
	Where Where `yaml:"where"`
}

// Outputs are file names, relative to the output folder, for the results table.
type Outputs struct {
	// Table is a terminal table (rounded numbers, with the caption).
	Table string `yaml:"table"`
	// Markdown is a Markdown table (rounded numbers, with the caption).
	Markdown string `yaml:"markdown"`
	// CSV and JSON carry every column, numbers unrounded.
	CSV  string `yaml:"csv"`
	JSON string `yaml:"json"`
}

// plotKinds are the plot kinds a scenario may ask for.
var plotKinds = []string{"scatter", "line", "bars"}

// PlotKinds returns the plot kinds a scenario may ask for: a copy, which the caller may
// change.
func PlotKinds() []string { return slices.Clone(plotKinds) }

// Plot is one figure drawn from the results table.
type Plot struct {
	// File is the image's name, relative to the output folder: .png or .svg.
	File string `yaml:"file"`
	// Kind is scatter (points, labelled), line (one line per series) or bars (grouped bars:
	// one group per x value, one bar per series or per y column).
	Kind string `yaml:"kind"`
	// Title is the figure's title (default: the scenario's description).
	Title string `yaml:"title"`
	// X is the column on the horizontal axis (a category column for bars).
	X string `yaml:"x"`
	// Y is one numeric column, or several (bars and lines: one series per column).
	Y Strings `yaml:"y"`
	// Series is the column whose values split the points into series (legend entries).
	Series string `yaml:"series"`
	// Label is the column written next to each point (scatter).
	Label string `yaml:"label"`
	// Where keeps some rows.
	Where Where `yaml:"where"`
	// LogX and LogY put an axis on a log scale.
	LogX bool `yaml:"log_x"`
	LogY bool `yaml:"log_y"`
	// XLabel and YLabel override the axis titles (default: the column's title, with unit).
	XLabel string `yaml:"x_label"`
	YLabel string `yaml:"y_label"`
	// Frontier draws the scenario's Pareto frontier of the plotted points as a line; the
	// frontier's objectives must be the plot's x and y.
	Frontier bool `yaml:"frontier"`
	// Marks are reference lines across the figure: {x: 50, label: "TPOT target 50 ms"}
	// is vertical at x = 50, {y: …} horizontal.
	Marks []Mark `yaml:"marks"`
	// Ridges are cards whose roofline ridge (peak FLOP/s ÷ bytes/s, FP8 where the card has
	// it) is drawn as the line y = ridge · x.
	Ridges Strings `yaml:"ridges"`
	// Threshold (bars) is a numeric column drawn as a black bar across each group: a bound
	// the bars must clear (min_sparsity against model_sparsity); with one y column, the bars
	// below it take the second colour.
	Threshold string `yaml:"threshold"`
	// Sort (bars) orders the groups by their smallest bar: ascending or descending (default:
	// the order of the rows).
	Sort string `yaml:"sort"`
	// Arrows (scatter) is a numeric column: the points of one label (or series) are joined by
	// arrows in increasing order of it, e.g. context: each model's 8K point to its 32K point.
	Arrows string `yaml:"arrows"`
	// Crossing (line) marks on each series' line the x where one column first reaches
	// another, interpolated between the two points around it (geometrically on a log x axis):
	// {y: attention_usd_per_mtok, over: ffn_usd_per_mtok, label: "attention costs more than
	// the FFN"} rings the context where a model's attention becomes its larger cost.
	Crossing *Crossing `yaml:"crossing"`
}

// Crossing is a plot's crossing mark: the first x at which column Y reaches column Over.
type Crossing struct {
	// Y is the numeric column that rises to Over, e.g. context_usd_per_mtok.
	Y string `yaml:"y"`
	// Over is the numeric column Y is compared with, e.g. weights_usd_per_mtok.
	Over string `yaml:"over"`
	// Label names the rings in the legend (what the crossing means).
	Label string `yaml:"label"`
}

// Where keeps the rows whose column equals the given value, or one of the given values,
// for every column named: {hardware: afd, model: [step3, kimi-k2]}. A number matches a
// numeric column of equal value (8192 matches 8192 and 8192.0).
type Where map[string]Strings

// Mark is a reference line of a plot: vertical at X or horizontal at Y (one of them), in
// the units of that axis, named in the legend by Label.
type Mark struct {
	X     *float64 `yaml:"x"`
	Y     *float64 `yaml:"y"`
	Label string   `yaml:"label"`
	// Limit marks a target: the points past it (x > X, or y > Y) are drawn pale.
	Limit bool `yaml:"limit"`
}

// Strings is a list of strings that may be written as one string.
type Strings []string

// UnmarshalYAML reads a string or a list of strings.
func (s *Strings) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*s = Strings{n.Value}
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return err
	}
	*s = l
	return nil
}

// Ints is an axis of integers: a value, a list of values, or a range {from, to, step} or
// {from, to, factor}. Values are read (and checked) when the scenario is validated.
type Ints struct {
	node *yaml.Node
	list []int
	// range form: from, from+step, … ≤ to; or from, from·factor, … ≤ to.
	from, step, factor, n int
}

// UnmarshalYAML keeps the node; Parse reads it with the line numbers at hand.
func (v *Ints) UnmarshalYAML(n *yaml.Node) error { v.node = n; return nil }

// Len is the number of values.
func (v Ints) Len() int {
	if v.list != nil {
		return len(v.list)
	}
	return v.n
}

// At returns value i, 0 ≤ i < Len.
func (v Ints) At(i int) int {
	if v.list != nil {
		return v.list[i]
	}
	if v.factor > 1 {
		x := v.from
		for ; i > 0; i-- {
			x *= v.factor
		}
		return x
	}
	return v.from + i*v.step
}

// Max is the largest value (0 when there is none): the last of a range, which grows, or the
// largest of a list.
func (v Ints) Max() int {
	if v.list != nil {
		return slices.Max(append([]int{0}, v.list...))
	}
	if v.n == 0 {
		return 0
	}
	return v.At(v.n - 1)
}

// Values returns every value (use At for very long ranges).
func (v Ints) Values() []int {
	out := make([]int, v.Len())
	for i := range out {
		out[i] = v.At(i)
	}
	return out
}

// Floats is an axis of numbers: a value, a list, or a range {from, to, step}.
type Floats struct {
	node *yaml.Node
	list []float64
}

// UnmarshalYAML keeps the node; Parse reads it.
func (v *Floats) UnmarshalYAML(n *yaml.Node) error { v.node = n; return nil }

// Values returns the numbers.
func (v Floats) Values() []float64 { return v.list }

// Precision is one precision variant: a format applied to weights, cache and compute, or a
// mapping of model.PrecisionOverride's fields; "default" changes nothing.
type Precision struct {
	node *yaml.Node
	// Label names the variant in tables: "default", "fp8", or "weights=fp8,cache=bf16".
	Label string
	// Override is what the variant changes in every layer.
	Override model.PrecisionOverride
}

// UnmarshalYAML keeps the node; Parse reads it.
func (p *Precision) UnmarshalYAML(n *yaml.Node) error { p.node = n; return nil }
