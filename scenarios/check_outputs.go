package scenarios

import (
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strings"
)

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
		if !slices.Contains(exts, ext) {
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
	for _, k := range slices.Sorted(maps.Keys(where)) {
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
	if !slices.Contains(plotKinds, pl.Kind) {
		return s.errAt(append(p, "kind"), "unknown plot kind %q (want %s)", pl.Kind, strings.Join(plotKinds, ", "))
	}
	if pl.Kind == "bars" && pl.LogY {
		return s.errAt(append(p, "log_y"), "a bar chart has no log y axis (its bars start at 0)")
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
	for j, m := range pl.Marks {
		if (m.X == nil) == (m.Y == nil) {
			return s.errAt(append(p, "marks", j), "a mark has x or y (where the line crosses that axis), not both or neither")
		}
		for _, v := range []*float64{m.X, m.Y} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				return s.errAt(append(p, "marks", j), "%v is not a finite number", *v)
			}
		}
	}
	if err := s.checkPlotExtras(pl, p, cols); err != nil {
		return err
	}
	if pl.Frontier {
		if s.Pareto == nil {
			return s.errAt(append(p, "frontier"), "needs a pareto section in the scenario")
		}
		obj := slices.Concat(s.Pareto.Min, s.Pareto.Max)
		if len(obj) != 2 || len(pl.Y) != 1 || !slices.Contains(obj, pl.X) || !slices.Contains(obj, pl.Y[0]) {
			return s.errAt(append(p, "frontier"), "the pareto objectives (%s) must be the plot's x and y", strings.Join(obj, ", "))
		}
	}
	return nil
}

// checkPlotExtras checks a plot's threshold, sort and arrows: each for its kind of plot.
func (s *Scenario) checkPlotExtras(pl *Plot, p path, cols []Column) error {
	if pl.Threshold != "" {
		if pl.Kind != "bars" {
			return s.errAt(append(p, "threshold"), "a threshold is drawn on bars (kind: bars)")
		}
		if err := s.checkColumn(cols, append(p, "threshold"), pl.Threshold, true); err != nil {
			return err
		}
	}
	if pl.Sort != "" {
		if pl.Kind != "bars" {
			return s.errAt(append(p, "sort"), "sort orders the groups of bars (kind: bars)")
		}
		if pl.Sort != "ascending" && pl.Sort != "descending" {
			return s.errAt(append(p, "sort"), "%q: want ascending or descending", pl.Sort)
		}
	}
	if pl.Arrows != "" {
		if pl.Kind != "scatter" {
			return s.errAt(append(p, "arrows"), "arrows join the points of a scatter plot (kind: scatter)")
		}
		if pl.Label == "" && pl.Series == "" {
			return s.errAt(append(p, "arrows"), "arrows join the points of one label or series: set label or series")
		}
		if err := s.checkColumn(cols, append(p, "arrows"), pl.Arrows, true); err != nil {
			return err
		}
	}
	if c := pl.Crossing; c != nil {
		if pl.Kind != "line" {
			return s.errAt(append(p, "crossing"), "a crossing is marked on the lines of a line plot (kind: line)")
		}
		for _, f := range []struct{ key, v string }{{"y", c.Y}, {"over", c.Over}} {
			if f.v == "" {
				return s.errAt(append(p, "crossing", f.key), "missing (a numeric column)")
			}
			if err := s.checkColumn(cols, append(p, "crossing", f.key), f.v, true); err != nil {
				return err
			}
		}
		if c.Label == "" {
			return s.errAt(append(p, "crossing", "label"), "missing (what the ring marks, for the legend)")
		}
	}
	return nil
}

// outputFile is one file a scenario writes, and the field naming it.
type outputFile struct {
	field path
	name  string
}

// outputFiles lists the files the scenario writes, in the order of its fields.
func (s *Scenario) outputFiles() []outputFile {
	var files []outputFile
	o := s.Outputs
	for _, f := range []struct{ key, name string }{{"table", o.Table}, {"markdown", o.Markdown}, {"csv", o.CSV}, {"json", o.JSON}} {
		if f.name != "" {
			files = append(files, outputFile{path{"outputs", f.key}, f.name})
		}
	}
	for i, pl := range s.Plots {
		files = append(files, outputFile{path{"plots", i, "file"}, pl.File})
	}
	return files
}

// OutputFiles lists the files the scenario writes (outputs, then plots), relative to the
// output folder.
func (s *Scenario) OutputFiles() []string {
	var names []string
	for _, f := range s.outputFiles() {
		names = append(names, f.name)
	}
	return names
}

// checkCollisions rejects two outputs in one file (one would overwrite the other, silently)
// and an output inside another one's name (a file cannot be a folder too). Names are
// compared cleaned and without case, as a case-insensitive file system (macOS, Windows)
// would see them.
func (s *Scenario) checkCollisions() error {
	files := s.outputFiles()
	// the error goes to the later of the two lines
	slices.SortStableFunc(files, func(a, b outputFile) int { return s.lineOf(a.field) - s.lineOf(b.field) })
	key := func(f outputFile) string { return strings.ToLower(filepath.ToSlash(filepath.Clean(f.name))) }
	for j, b := range files {
		for _, a := range files[:j] {
			switch ka, kb := key(a), key(b); {
			case ka == kb:
				return s.errAt(b.field, "%q is also the file of %s (line %d); each output needs a file of its own", b.name, a.field, s.lineOf(a.field))
			case strings.HasPrefix(kb, ka+"/"), strings.HasPrefix(ka, kb+"/"):
				return s.errAt(b.field, "%q and %s %q (line %d): one would be a folder holding the other", b.name, a.field, a.name, s.lineOf(a.field))
			}
		}
	}
	return nil
}
