package main

import (
	"bufio"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/decost/decost/chart"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/internal/stage"
	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
	"github.com/spf13/cobra"
)

// sweepLong is the help of 'decost sweep'.
const sweepLong = `sweep runs a scenario — a YAML file, or a built-in one by name (see 'decost scenarios') — and
prints its results table on stdout in --format. The files the scenario names (outputs: table,
markdown, csv, json; plots: .png or .svg) are written into --out DIR, by default a folder named
after the scenario in the current directory. A run writes all its files or none: each is
staged in a temporary file beside it and all are moved into place once every one is written.
SIGINT or SIGTERM stops the workers, removes the temporary files, says so on one line and
exits 130 or 143.

A scenario's points are the product of its axes (models × precisions × cards × prices ×
contexts × batch sizes; for deploy, × the plans tried). With a pareto section, rows on the
frontier of its objectives are marked with * in the "frontier" column and plots with
frontier: true draw it as a line.

Sweeps of more than 200,000 points must set stream: true: rows are then evaluated on every core
and written to the csv output (or, without one, to stdout with --format csv) in a fixed order as
they are produced, in bounded memory, and stdout gets the frontier (or a summary). Progress
goes to stderr when a sweep takes more than 2 s, unless --quiet.

The scenario format is described in the README ("Scenarios").`

func newSweepCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sweep FILE.yaml | NAME",
		Short: "Run a YAML scenario: sweep models, cards, contexts, precisions and prices; tables, Pareto frontiers, plots",
		Long:  sweepLong,
		Example: `  decost scenarios
  decost sweep report-pareto
  decost sweep report-cost-bars --out /tmp/bars
  decost sweep my-sweep.yaml --format csv --quiet`,
		Args: cobra.ExactArgs(1),
	}
	out := cmd.Flags().String("out", "", "folder for the scenario's files (default: ./NAME, the scenario's name)")
	quiet := cmd.Flags().BoolP("quiet", "q", false, "no progress and no list of written files on stderr")
	printYAML := cmd.Flags().Bool("print", false, "print the scenario (a built-in's source) instead of running it: YAML, or JSON with --format json")
	workers := cmd.Flags().Int("workers", 0, "goroutines evaluating a streamed sweep, or a deploy sweep's plans (default: one per core)")
	prices := flagrule.PriceFlag(cmd)
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		s, source, err := scenarios.Open(args[0])
		if err != nil {
			return err
		}
		if fs, _ := cmd.Flags().GetString("format"); *printYAML {
			return emit(cmd, func(w io.Writer) error { return report.ScenarioSource(w, source, fs) })
		}
		f, err := format()
		if err != nil {
			return err
		}
		if err := s.CheckOverrides(cmd.Flag(flagrule.PrecisionFlag).Value.String(), *prices); err != nil {
			return err
		}
		cat, err := flagrule.ResolveCatalogue(cmd, *prices)
		if err != nil {
			return err
		}
		if *workers < 0 || *workers > scenarios.MaxWorkers {
			return fmt.Errorf("--workers: must be 0 (one per core) or positive up to %d, got %d", scenarios.MaxWorkers, *workers)
		}
		dir := *out
		if dir == "" {
			dir = s.Name
		}
		opt := scenarios.Options{
			Resolve:   func(id string) (*model.Model, error) { return resolveModel(cmd, id, s) },
			Catalogue: cat,
			Profile: func(id string) (hardware.Profile, error) {
				p, _, err := flagrule.ResolveProfile(cmd, id)
				return p, err
			},
			Workers: *workers,
			Context: cmd.Context(),
		}
		stderr := cmd.ErrOrStderr()
		if !*quiet {
			opt.Progress = report.NewProgress(stderr, s.Name).Update
		}
		sw := &sweepRun{s: s, dir: dir, format: f, quiet: *quiet, stderr: stderr}
		if s.Stream {
			return sw.stream(cmd, opt)
		}
		return sw.inMemory(cmd, opt)
	}
	return cmd
}

// resolveModel is the scenarios' model resolver: the same as --model's (built-in ids and
// config.json paths), with --precision applied, and a warning on stderr when the scenario's
// contexts go beyond an imported model's limit.
func resolveModel(cmd *cobra.Command, id string, s *scenarios.Scenario) (*model.Model, error) {
	var contexts []int // the largest context is the one to warn about
	if c := s.Axes.Contexts.Max(); c > 0 {
		contexts = []int{c}
	}
	ms, err := flagrule.ResolveModelsAt(cmd, id, contexts)
	if err != nil {
		return nil, fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "--model: "))
	}
	if len(ms) != 1 {
		return nil, fmt.Errorf("%q names %d models, want one", id, len(ms))
	}
	return ms[0], nil
}

// sweepRun is one run of 'decost sweep'.
type sweepRun struct {
	s      *scenarios.Scenario
	dir    string
	format render.Format
	quiet  bool
	stderr io.Writer
}

// commit moves a run's staged files into place (all or none) and lists them on stderr.
func (r *sweepRun) commit(out *stage.Set) error {
	if err := out.Commit(); err != nil {
		return err
	}
	if !r.quiet {
		for _, path := range out.Paths() {
			fmt.Fprintf(r.stderr, "wrote %s\n", path)
		}
	}
	return nil
}

// inMemory runs the scenario, writes its files and plots, then prints its table.
func (r *sweepRun) inMemory(cmd *cobra.Command, opt scenarios.Options) error {
	res, err := scenarios.Run(r.s, opt)
	if err != nil {
		return err
	}
	t, err := report.SweepTable(res)
	if err != nil {
		return err
	}
	// Every file is staged, then all are moved into place: a run writes all or none.
	var staged stage.Set
	defer staged.Abort()
	o, text, md := r.s.Outputs, render.Text, render.Markdown
	if r.format == text.Wide() || r.format == md.Wide() { // --wide: the table files too
		text, md = text.Wide(), md.Wide()
	}
	for _, out := range []struct {
		name string
		f    render.Format
	}{{o.Table, text}, {o.Markdown, md}, {o.CSV, render.CSV}, {o.JSON, render.JSON}} {
		if out.name != "" {
			if err := staged.Write(filepath.Join(r.dir, out.name), func(w io.Writer) error { return t.Write(w, out.f) }); err != nil {
				return err
			}
		}
	}
	for i := range r.s.Plots {
		pl := &r.s.Plots[i]
		p, err := report.SweepPlot(r.s, t, pl, opt.Catalogue)
		if err != nil {
			return fmt.Errorf("%s: plots[%d] (%s): %w", r.s.File, i, pl.File, err)
		}
		path := filepath.Join(r.dir, pl.File)
		if err := staged.Write(path, func(w io.Writer) error { return chart.Encode(p, path, w) }); err != nil {
			return err
		}
	}
	if err := r.commit(&staged); err != nil {
		return err
	}
	return emit(cmd, func(w io.Writer) error { return t.Write(w, r.format) })
}

// stream runs a streamed sweep: rows to the csv output (or stdout), then the frontier or a
// summary on stdout.
func (r *sweepRun) stream(cmd *cobra.Command, opt scenarios.Options) error {
	start := time.Now()
	var res *scenarios.StreamResult
	run := func(w io.Writer) error {
		var err error
		if w == nil {
			res, err = scenarios.Stream(r.s, nil, opt)
			return err
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		if res, err = scenarios.Stream(r.s, bw, opt); err != nil {
			return err
		}
		return bw.Flush()
	}
	target := "stdout"
	switch {
	case r.s.Outputs.CSV == "" && r.format != render.CSV && r.s.Pareto != nil:
		target = "(frontier only)"
		if err := run(nil); err != nil {
			return err
		}
	case r.s.Outputs.CSV != "":
		var staged stage.Set
		defer staged.Abort()
		target = filepath.Join(r.dir, r.s.Outputs.CSV)
		if err := staged.Write(target, run); err != nil {
			return err
		}
		if err := r.commit(&staged); err != nil {
			return err
		}
	case r.format == render.CSV:
		return run(cmd.OutOrStdout()) // the rows are the output
	default:
		return fmt.Errorf("%s: a streamed sweep writes its rows to outputs.csv, or to stdout with --format csv, or keeps only a pareto frontier", r.s.File)
	}
	t := report.StreamTable(r.s, res, target, time.Since(start).Seconds())
	return emit(cmd, func(w io.Writer) error { return t.Write(w, r.format) })
}
