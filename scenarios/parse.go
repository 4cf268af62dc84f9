package scenarios

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
	"gopkg.in/yaml.v3"
)

// Limits of what a scenario may ask for.
const (
	// MaxContext is the largest context in tokens (2^30).
	MaxContext = 1 << 30
	// MaxAxisValues is the most values one axis may have.
	MaxAxisValues = 100_000_000
	// MaxInMemoryPoints is the most points a sweep may have without stream: true.
	MaxInMemoryPoints = 200_000
	// MaxPoints is the most points any sweep may have (10^10).
	MaxPoints = 10_000_000_000
)

// Load reads and checks the scenario file at path.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenario: %w", err)
	}
	s, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	s.Dir = filepath.Dir(path)
	return s, nil
}

// Parse reads and checks a scenario from data; file names it in errors. Unknown keys, wrong
// types, unknown names, empty axes and out-of-range values are errors at their line.
func Parse(file string, data []byte) (*Scenario, error) {
	s := &Scenario{File: file}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(file, err)
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, &Error{File: file, Msg: "empty scenario (want name, analysis, axes)"}
	}
	if doc := root.Content[0]; doc.Kind != yaml.MappingNode {
		return nil, &Error{File: file, Line: doc.Line, Msg: "a scenario is a mapping of keys (name, analysis, axes, …)"}
	}
	s.root = &root
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(s); err != nil && err != io.EOF {
		return nil, yamlError(file, err)
	}
	s.File = file
	if err := s.check(); err != nil {
		return nil, err
	}
	return s, nil
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// check validates every field and reads the axes kept as nodes.
func (s *Scenario) check() error {
	if s.Name == "" {
		return s.errAt(path{"name"}, "missing (a short name of letters, digits and dashes)")
	}
	if !nameRE.MatchString(s.Name) {
		return s.errAt(path{"name"}, "%q: use lower-case letters, digits, dots and dashes", s.Name)
	}
	if s.Analysis == "" {
		return s.errAt(path{"analysis"}, "missing (one of %s)", analysisNames())
	}
	known := false
	for _, a := range Analyses {
		known = known || a == s.Analysis
	}
	if !known {
		return s.errAt(path{"analysis"}, "unknown analysis %q (want one of %s)", s.Analysis, analysisNames())
	}
	if err := s.checkAxes(); err != nil {
		return err
	}
	if s.AFD != nil && s.Analysis != Cost {
		return s.errAt(path{"afd"}, "only the cost analysis has AFD rows")
	}
	if err := s.checkOutputs(); err != nil {
		return err
	}
	cols := Columns(s.Analysis)
	if s.Pareto != nil {
		if err := s.checkPareto(cols); err != nil {
			return err
		}
	}
	for i := range s.Plots {
		if err := s.checkPlot(i, cols); err != nil {
			return err
		}
	}
	if n := s.Points(); n > MaxPoints {
		return s.errAt(path{"axes"}, "more than %d points", int64(MaxPoints))
	} else if n > MaxInMemoryPoints && !s.Stream {
		return s.errAt(path{"axes"}, "%d points: sweeps of more than %d points must set stream: true (rows are then written to the csv output as they are produced)", n, MaxInMemoryPoints)
	}
	if s.Stream {
		switch {
		case s.Analysis != Cost:
			return s.errAt(path{"stream"}, "only the cost analysis streams")
		case s.Outputs.Table != "" || s.Outputs.Markdown != "" || s.Outputs.JSON != "":
			return s.errAt(path{"outputs"}, "a streamed sweep writes csv only (table, markdown and json need every row in memory)")
		case len(s.Plots) > 0:
			return s.errAt(path{"plots"}, "a streamed sweep draws no plots; plot a smaller sweep")
		}
	}
	return nil
}

func analysisNames() string {
	var n []string
	for _, a := range Analyses {
		n = append(n, string(a))
	}
	return strings.Join(n, ", ")
}

// Points is the number of points the scenario evaluates (the product of its axes; AFD rows
// not counted).
func (s *Scenario) Points() int64 {
	models := int64(len(s.Axes.Models))
	if len(s.Axes.Models) == 1 && s.Axes.Models[0] == "all" {
		models = int64(len(model.BuiltinIDs()))
	} else if len(s.Axes.Models) == 1 && s.Axes.Models[0] == "report" {
		models = int64(len(model.ReportIDs))
	}
	n := mulCapped(models, int64(max(1, len(s.Axes.Precisions))), int64(max(1, s.Axes.Contexts.Len())))
	hw := []string(s.Axes.Hardware)
	if len(hw) == 1 && hw[0] == "report" {
		hw = hardware.ReportIDs
	} else if len(hw) == 1 && hw[0] == "all" {
		hw = hardware.Builtin().IDs()
	}
	if len(hw) > 0 {
		cards := int64(0)
		for _, h := range hw {
			if p, ok := s.Axes.Prices[h]; ok {
				cards += int64(len(p.list))
			} else {
				cards++
			}
		}
		n = mulCapped(n, cards)
	}
	if s.Analysis == Deploy {
		return mulCapped(n, deployPlans(s))
	}
	return mulCapped(n, int64(max(1, s.Axes.BatchSizes.Len())))
}

// mulCapped multiplies counts, stopping at MaxPoints+1 so that a product of huge axes
// cannot overflow.
func mulCapped(xs ...int64) int64 {
	n := int64(1)
	for _, x := range xs {
		if x != 0 && n > (MaxPoints+1)/x {
			return MaxPoints + 1
		}
		n *= x
	}
	return min(n, MaxPoints+1)
}

func (s *Scenario) checkAxes() error {
	a := &s.Axes
	p := path{"axes"}
	if len(a.Models) == 0 {
		return s.errAt(append(p, "models"), "empty: give at least one model id, config.json path, report or all")
	}
	for i, m := range a.Models {
		if strings.TrimSpace(m) == "" {
			return s.errAt(append(p, "models", i), "empty model id")
		}
		if (m == "all" || m == "report") && len(a.Models) > 1 {
			return s.errAt(append(p, "models", i), "%q stands alone; it cannot be mixed with other models", m)
		}
	}
	needsHW := s.Analysis != Counts
	switch {
	case needsHW && len(a.Hardware) == 0 && s.Analysis != Deploy:
		return s.errAt(append(p, "hardware"), "empty: give at least one card id, report or all")
	case s.Analysis == Deploy && len(a.Hardware) == 0 && (a.Deployment.AttentionHardware == "" || a.Deployment.FFNHardware == ""):
		return s.errAt(append(p, "hardware"), "empty: give cards, or deployment.attention_hardware and deployment.ffn_hardware")
	case s.Analysis == Deploy && len(a.Hardware) > 0 && (a.Deployment.AttentionHardware != "" || a.Deployment.FFNHardware != ""):
		return s.errAt(append(p, "hardware"), "give cards here or deployment.attention_hardware and ffn_hardware, not both")
	case !needsHW && len(a.Hardware) > 0:
		return s.errAt(append(p, "hardware"), "the %s analysis takes no hardware", s.Analysis)
	}
	for i, h := range a.Hardware {
		if strings.TrimSpace(h) == "" {
			return s.errAt(append(p, "hardware", i), "empty card id")
		}
		if (h == "all" || h == "report") && len(a.Hardware) > 1 {
			return s.errAt(append(p, "hardware", i), "%q stands alone; it cannot be mixed with other cards", h)
		}
	}
	if err := s.readInts(&a.Contexts, append(p, "contexts"), MaxContext, "tokens"); err != nil {
		return err
	}
	if a.Contexts.Len() == 0 && s.Analysis != Sparsity {
		return s.errAt(append(p, "contexts"), "empty: give at least one context in tokens (e.g. 8k)")
	}
	if a.Contexts.Len() > 0 && s.Analysis == Sparsity {
		return s.errAt(append(p, "contexts"), "the sparsity analysis takes no contexts")
	}
	if err := s.readInts(&a.BatchSizes, append(p, "batch_sizes"), 1<<24, "sequences"); err != nil {
		return err
	}
	if a.BatchSizes.Len() == 0 && s.Analysis == Roofline {
		return s.errAt(append(p, "batch_sizes"), "empty: give at least one batch size (sequences per step)")
	}
	if a.BatchSizes.Len() > 0 && s.Analysis != Roofline && s.Analysis != Deploy {
		return s.errAt(append(p, "batch_sizes"), "the %s analysis takes no batch sizes", s.Analysis)
	}
	for i := range a.Precisions {
		if err := s.readPrecision(&a.Precisions[i], append(p, "precisions", i)); err != nil {
			return err
		}
	}
	if len(a.Prices) > 0 && s.Analysis != Cost {
		return s.errAt(append(p, "prices"), "only the cost analysis sweeps prices")
	}
	ids := make([]string, 0, len(a.Prices))
	for id := range a.Prices {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		f := a.Prices[id]
		pp := append(p, "prices", id)
		listed := contains(a.Hardware, id) || (len(a.Hardware) == 1 && a.Hardware[0] == "all") ||
			(len(a.Hardware) == 1 && a.Hardware[0] == "report" && contains(hardware.ReportIDs, id))
		if !listed {
			return s.errAt(pp, "card %q is not in axes.hardware", id)
		}
		if err := s.readFloats(&f, pp); err != nil {
			return err
		}
		a.Prices[id] = f
	}
	d := &a.Deployment
	dp := append(p, "deployment")
	if (s.Analysis == Cost || s.Analysis == Counts) && s.lineOf(dp) != s.lineOf(p) {
		return s.errAt(dp, "the %s analysis takes no deployment parameters", s.Analysis)
	}
	if d.AttentionParallel != "" && d.AttentionParallel != "dp" && d.AttentionParallel != "tp" {
		return s.errAt(append(dp, "attention_parallel"), "unknown attention parallelism %q (want dp or tp)", d.AttentionParallel)
	}
	if d.NICEfficiency < 0 || d.NICEfficiency > 1 || math.IsNaN(d.NICEfficiency) {
		return s.errAt(append(dp, "nic_efficiency"), "must be in (0, 1], got %v", d.NICEfficiency)
	}
	if d.Mode != "" && d.Mode != "afd" && d.Mode != "ep" {
		return s.errAt(append(dp, "mode"), "unknown mode %q (want afd or ep)", d.Mode)
	}
	if d.Mode == "ep" && (d.AttentionHardware != "" || d.FFNHardware != "" || d.AttentionInstances.node != nil || d.FFNInstances.node != nil) {
		return s.errAt(append(dp, "mode"), "EP colocates attention and experts: give its cards in axes.hardware and its sizes in deployment.gpus")
	}
	if d.Mode != "ep" && d.GPUs.node != nil {
		return s.errAt(append(dp, "gpus"), "gpus sizes an EP deployment (mode: ep); AFD takes attention_instances, ffn_instances and gpus_per_instance")
	}
	for _, f := range []struct {
		v    *Ints
		name string
	}{{&d.AttentionInstances, "attention_instances"}, {&d.FFNInstances, "ffn_instances"}, {&d.GPUs, "gpus"}} {
		if err := s.readInts(f.v, append(dp, f.name), 1<<16, "instances"); err != nil {
			return err
		}
	}
	switch {
	case d.GPUsPerInstance < 0:
		return s.errAt(append(dp, "gpus_per_instance"), "must be positive, got %d", d.GPUsPerInstance)
	case d.MicroBatches < 0:
		return s.errAt(append(dp, "micro_batches"), "must be positive, got %d", d.MicroBatches)
	case d.TPOTSLAMs < 0 || math.IsNaN(d.TPOTSLAMs) || math.IsInf(d.TPOTSLAMs, 0):
		return s.errAt(append(dp, "tpot_sla_ms"), "must be a positive number of milliseconds, got %v", d.TPOTSLAMs)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readInts reads an integer axis: a value, a list, or a range mapping. Values must be
// positive and at most limit.
func (s *Scenario) readInts(v *Ints, p path, limit int, unit string) error {
	n := v.node
	if n == nil {
		return nil
	}
	one := func(n *yaml.Node, p path) (int, error) {
		if n.Kind != yaml.ScalarNode {
			return 0, s.errAt(p, "want a number of %s", unit)
		}
		x, err := parseCount(n.Value)
		if err != nil {
			return 0, s.errAt(p, "%q is not a number of %s (e.g. 8192 or 8k)", n.Value, unit)
		}
		if x <= 0 || x > limit {
			return 0, s.errAt(p, "%s must be a positive number of %s, at most %d", n.Value, unit, limit)
		}
		return x, nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		x, err := one(n, p)
		if err != nil {
			return err
		}
		v.list = []int{x}
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return s.errAt(p, "empty list")
		}
		v.list = make([]int, 0, len(n.Content))
		for i, c := range n.Content {
			x, err := one(c, append(p, i))
			if err != nil {
				return err
			}
			v.list = append(v.list, x)
		}
	case yaml.MappingNode:
		fields := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if k != "from" && k != "to" && k != "step" && k != "factor" {
				return &Error{File: s.File, Line: n.Content[i].Line, Field: p.String(), Msg: fmt.Sprintf("unknown key %q (a range has from, to and step or factor)", k)}
			}
			x, err := one(n.Content[i+1], append(p, k))
			if err != nil {
				return err
			}
			fields[k] = x
		}
		from, okF := fields["from"]
		to, okT := fields["to"]
		step, factor := fields["step"], fields["factor"]
		switch {
		case !okF || !okT:
			return s.errAt(p, "a range needs from and to")
		case to < from:
			return s.errAt(append(p, "to"), "to (%d) is less than from (%d)", to, from)
		case step > 0 && factor > 0:
			return s.errAt(p, "a range has a step or a factor, not both")
		case factor == 1:
			return s.errAt(append(p, "factor"), "factor must be at least 2")
		}
		v.from = from
		if factor > 1 {
			v.factor = factor
			for x := from; x <= to; x *= factor {
				v.n++
				if x > to/factor {
					break
				}
			}
		} else {
			if step == 0 {
				step = 1
			}
			v.step = step
			v.n = (to-from)/step + 1
		}
		if v.n > MaxAxisValues {
			return s.errAt(p, "%d values is more than %d", v.n, MaxAxisValues)
		}
	default:
		return s.errAt(p, "want a number, a list or a range {from, to, step}")
	}
	return nil
}

// parseCount reads 8192, 8k (×1024) or 1m (×1024²).
func parseCount(s string) (int, error) {
	t := strings.TrimSpace(s)
	mult := 1
	switch {
	case strings.HasSuffix(t, "k") || strings.HasSuffix(t, "K"):
		mult, t = 1024, t[:len(t)-1]
	case strings.HasSuffix(t, "m") || strings.HasSuffix(t, "M"):
		mult, t = 1024*1024, t[:len(t)-1]
	}
	n, err := strconv.Atoi(strings.ReplaceAll(t, "_", ""))
	if err != nil {
		return 0, err
	}
	if n > math.MaxInt32 || n < -math.MaxInt32 {
		return 0, fmt.Errorf("out of range")
	}
	return n * mult, nil
}

// readFloats reads positive numbers: a value, a list or a range {from, to, step}.
func (s *Scenario) readFloats(v *Floats, p path) error {
	n := v.node
	if n == nil {
		return s.errAt(p, "empty")
	}
	one := func(n *yaml.Node, p path) (float64, error) {
		x, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || err != nil {
			return 0, s.errAt(p, "%q is not a number of USD per GPU-hour", n.Value)
		}
		if !(x > 0) || x > 1e6 || math.IsInf(x, 0) {
			return 0, s.errAt(p, "%v must be a positive number of USD per GPU-hour", n.Value)
		}
		return x, nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		x, err := one(n, p)
		if err != nil {
			return err
		}
		v.list = []float64{x}
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return s.errAt(p, "empty list")
		}
		for i, c := range n.Content {
			x, err := one(c, append(p, i))
			if err != nil {
				return err
			}
			v.list = append(v.list, x)
		}
	case yaml.MappingNode:
		f := map[string]float64{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if k != "from" && k != "to" && k != "step" {
				return &Error{File: s.File, Line: n.Content[i].Line, Field: p.String(), Msg: fmt.Sprintf("unknown key %q (a range has from, to and step)", k)}
			}
			x, err := one(n.Content[i+1], append(p, k))
			if err != nil {
				return err
			}
			f[k] = x
		}
		from, to, step := f["from"], f["to"], f["step"]
		if from == 0 || to == 0 || step == 0 {
			return s.errAt(p, "a price range needs from, to and step")
		}
		if to < from {
			return s.errAt(append(p, "to"), "to (%v) is less than from (%v)", to, from)
		}
		if (to-from)/step > MaxAxisValues {
			return s.errAt(p, "more than %d values", MaxAxisValues)
		}
		for i := 0; ; i++ {
			x := from + float64(i)*step
			if x > to*(1+1e-12) {
				break
			}
			v.list = append(v.list, x)
		}
	default:
		return s.errAt(p, "want a number, a list or a range {from, to, step}")
	}
	return nil
}

// readPrecision reads "default", a format name, or a mapping of override fields.
func (s *Scenario) readPrecision(v *Precision, p path) error {
	n := v.node
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == "default" {
			v.Label = "default"
			return nil
		}
		f, err := precision.Parse(n.Value)
		if err != nil {
			return s.errAt(p, "%v, or default", err)
		}
		v.Label = string(f)
		v.Override = model.PrecisionOverride{Weights: f, Cache: f, Compute: f}
		return nil
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i].Value, n.Content[i+1].Value
			f, err := precision.Parse(val)
			if err != nil {
				return &Error{File: s.File, Line: n.Content[i+1].Line, Field: append(p, k).String(), Msg: err.Error()}
			}
			switch k {
			case "weights":
				v.Override.Weights = f
			case "cache":
				v.Override.Cache = f
			case "state":
				v.Override.State = f
			case "compute":
				v.Override.Compute = f
			default:
				return &Error{File: s.File, Line: n.Content[i].Line, Field: p.String(), Msg: fmt.Sprintf("unknown key %q (want weights, cache, state, compute)", k)}
			}
			parts = append(parts, k+"="+string(f))
		}
		if len(parts) == 0 {
			return s.errAt(p, "empty precision mapping")
		}
		v.Label = strings.Join(parts, ",")
		return nil
	}
	return s.errAt(p, "want default, a format (fp8, bf16, …) or a mapping {weights, cache, state, compute}")
}

// checkFile checks an output file name: relative, inside the output folder.
func (s *Scenario) checkFile(p path, name string, exts ...string) error {
	if name == "" {
		return nil
	}
	clean := filepath.Clean(name)
	if filepath.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return s.errAt(p, "%q: output files are relative to the output folder (--out)", name)
	}
	if len(exts) > 0 {
		ext := strings.ToLower(filepath.Ext(name))
		if !contains(exts, ext) {
			return s.errAt(p, "%q: want a file ending in %s", name, strings.Join(exts, " or "))
		}
	}
	return nil
}

func (s *Scenario) checkOutputs() error {
	o := s.Outputs
	for _, f := range []struct{ key, name string }{{"table", o.Table}, {"markdown", o.Markdown}, {"csv", o.CSV}, {"json", o.JSON}} {
		if err := s.checkFile(path{"outputs", f.key}, f.name); err != nil {
			return err
		}
	}
	return nil
}

// checkColumn checks that key is a column of the analysis (numeric when numeric is set).
func (s *Scenario) checkColumn(cols []Column, p path, key string, numeric bool) error {
	if cols == nil {
		return nil // columns of an analysis this build does not run; checked when it lands
	}
	c, ok := findColumn(cols, key)
	if !ok {
		var keys []string
		for _, c := range cols {
			if !numeric || !c.Text {
				keys = append(keys, c.Key)
			}
		}
		return s.errAt(p, "unknown column %q of the %s analysis (want one of %s)", key, s.Analysis, strings.Join(keys, ", "))
	}
	if numeric && c.Text {
		return s.errAt(p, "column %q holds text; want a numeric column", key)
	}
	return nil
}

func (s *Scenario) checkWhere(cols []Column, p path, where Where) error {
	keys := make([]string, 0, len(where))
	for k := range where {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := s.checkColumn(cols, append(p, k), k, false); err != nil {
			return err
		}
		if len(where[k]) == 0 {
			return s.errAt(append(p, k), "no value to match")
		}
	}
	return nil
}

func (s *Scenario) checkPareto(cols []Column) error {
	p := path{"pareto"}
	if len(s.Pareto.Min)+len(s.Pareto.Max) == 0 {
		return s.errAt(p, "no objective: give min and/or max column lists")
	}
	for i, k := range s.Pareto.Min {
		if err := s.checkColumn(cols, path{"pareto", "min", i}, k, true); err != nil {
			return err
		}
	}
	for i, k := range s.Pareto.Max {
		if err := s.checkColumn(cols, path{"pareto", "max", i}, k, true); err != nil {
			return err
		}
	}
	for i, k := range s.Pareto.By {
		if err := s.checkColumn(cols, path{"pareto", "by", i}, k, false); err != nil {
			return err
		}
	}
	if len(s.Pareto.By) > 0 && s.Stream {
		return s.errAt(append(p, "by"), "a streamed sweep keeps one frontier; drop by or stream: true")
	}
	return s.checkWhere(cols, append(p, "where"), s.Pareto.Where)
}

func (s *Scenario) checkPlot(i int, cols []Column) error {
	pl := &s.Plots[i]
	p := path{"plots", i}
	if pl.File == "" {
		return s.errAt(append(p, "file"), "missing (a .png or .svg file name)")
	}
	if err := s.checkFile(append(p, "file"), pl.File, ".png", ".svg"); err != nil {
		return err
	}
	if pl.Kind == "" {
		pl.Kind = "scatter"
	}
	if !contains(PlotKinds, pl.Kind) {
		return s.errAt(append(p, "kind"), "unknown plot kind %q (want %s)", pl.Kind, strings.Join(PlotKinds, ", "))
	}
	if pl.X == "" {
		return s.errAt(append(p, "x"), "missing (a column)")
	}
	if len(pl.Y) == 0 {
		return s.errAt(append(p, "y"), "missing (a numeric column or a list of them)")
	}
	if err := s.checkColumn(cols, append(p, "x"), pl.X, pl.Kind != "bars"); err != nil {
		return err
	}
	for j, y := range pl.Y {
		if err := s.checkColumn(cols, append(p, "y", j), y, true); err != nil {
			return err
		}
	}
	if len(pl.Y) > 1 && pl.Series != "" {
		return s.errAt(append(p, "series"), "several y columns are the series already")
	}
	for _, f := range []struct{ key, v string }{{"series", pl.Series}, {"label", pl.Label}} {
		if f.v != "" {
			if err := s.checkColumn(cols, append(p, f.key), f.v, false); err != nil {
				return err
			}
		}
	}
	if err := s.checkWhere(cols, append(p, "where"), pl.Where); err != nil {
		return err
	}
	if pl.Frontier {
		if s.Pareto == nil {
			return s.errAt(append(p, "frontier"), "needs a pareto section in the scenario")
		}
		obj := append(append([]string(nil), s.Pareto.Min...), s.Pareto.Max...)
		if len(obj) != 2 || len(pl.Y) != 1 || !contains(obj, pl.X) || !contains(obj, pl.Y[0]) {
			return s.errAt(append(p, "frontier"), "the pareto objectives (%s) must be the plot's x and y", strings.Join(obj, ", "))
		}
	}
	return nil
}
