package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/internal/bounded"
	"github.com/decost/decost/model"
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
	// MaxWorkers is the most goroutines a sweep may evaluate on (Options.Workers): far more
	// than cores on any machine; a million is a typo.
	MaxWorkers = 1024
)

// MaxFileBytes is the largest scenario file decost reads (4 MiB; a scenario is a page).
const MaxFileBytes = 4 << 20

// Load reads and checks the scenario file at path.
func Load(path string) (*Scenario, error) {
	s, _, err := LoadSource(path)
	return s, err
}

// LoadSource reads and checks the scenario file at path, and returns its YAML too. It reads
// at most MaxFileBytes and lines of at most bounded.MaxTextLineBytes.
func LoadSource(path string) (*Scenario, []byte, error) {
	data, err := bounded.ReadFile(path, bounded.Limits{MaxBytes: MaxFileBytes, MaxLineBytes: bounded.MaxTextLineBytes})
	if err != nil {
		var e *bounded.Error
		if errors.As(err, &e) {
			return nil, nil, fmt.Errorf("%s: %w; not a scenario", path, e)
		}
		return nil, nil, fmt.Errorf("scenario: %w", err)
	}
	s, err := Parse(path, data)
	if err != nil {
		return nil, nil, err
	}
	s.Dir = filepath.Dir(path)
	return s, data, nil
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
	for _, a := range analyses {
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
	cols := columns(s.Analysis)
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
	if err := s.checkCollisions(); err != nil {
		return err
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
	for _, a := range analyses {
		n = append(n, string(a))
	}
	return strings.Join(n, ", ")
}

// Points is the number of points the scenario evaluates (the product of its axes; AFD rows
// not counted).
func (s *Scenario) Points() int64 {
	models := int64(len(s.Axes.modelIDs()))
	n := mulCapped(models, int64(max(1, len(s.Axes.Precisions))), int64(max(1, s.Axes.Contexts.Len())))
	hw := []string(s.Axes.Hardware)
	if len(hw) == 1 && hw[0] == "report" {
		hw = hardware.ReportIDs()
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
		return mulCapped(n, deployPlans(s, nil, 0))
	}
	return mulCapped(n, int64(max(1, s.Axes.BatchSizes.Len())))
}

// modelIDs expands axes.models: "all" is every built-in model, "report" the report's nine.
func (a *Axes) modelIDs() []string {
	if len(a.Models) == 1 {
		switch a.Models[0] {
		case "all":
			return model.BuiltinIDs()
		case "report":
			return model.ReportIDs()
		}
	}
	return a.Models
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
