// Command decost estimates what it costs to decode tokens with a large language model: FLOPs
// and bytes per token, seconds, and dollars per million tokens, for a model architecture, an
// accelerator, a context length and a deployment. Run "decost --help" for the commands.
//
// Each command is one file (cost.go, counts.go, deploy.go, …, sweep.go) that parses its
// flags, calls the library (cost, scenarios, hardware, model) and hands the results to
// internal/report, which lays out every table, JSON record and plot. The flags several
// commands share (--model, --hardware, --context, --format, --price, --profile and the global
// --precision, --hardware-file and --wide) and the rules every flag follows are in
// internal/flagrule; main.go holds the root command, --version and emit, which writes a
// command's output only once it has rendered whole.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/decost/decost/chart"
	"github.com/decost/decost/internal/duration"
	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/stage"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
	"gonum.org/v1/plot"
)

// interruptGrace is how long an interrupted run has to stop its workers and remove its
// temporary files before decost removes them itself and exits.
const interruptGrace = 2 * time.Second

func main() {
	// SIGINT or SIGTERM: the run's workers stop, its staged outputs are removed, one line
	// says what stopped, and the exit status is 130 or 143.
	in := stage.Watch(interruptGrace, func(sig os.Signal) {
		fmt.Fprintf(os.Stderr, "decost: interrupted by %s: %s stopped; no output file was written, temporary files removed\n",
			stage.SignalName(sig), strings.Join(os.Args[1:], " "))
	})
	err := newRoot().ExecuteContext(in.Context())
	if in.Signal() != nil {
		in.Exit()
	}
	in.Stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "decost:", err)
		os.Exit(1)
	}
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "decost",
		Short: "Analytical decoding-cost simulator for large language models",
		Long: `decost tells what it costs to generate tokens with a large language model — FLOPs and
bytes per token, seconds per token, tokens per GPU per second and USD per million tokens —
for a model architecture (MFA, MLA, GQA, MoE, hybrids), an accelerator, a context length and a
precision. Its theoretical cost reproduces the Step-3 system report (arXiv 2507.19427).

Every dollar figure is USD per 10^6 decoded tokens; every time says whether it is ideal
(roofline at 100% of peak) or calibrated.

Inputs:
- ` + duration.Rule + `;
- ` + flagrule.ConflictRule + `.`,
		Version:       versionString(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	flagrule.AddGlobalFlags(root)
	root.AddCommand(
		newModelsCmd(), newHardwareCmd(), newCountsCmd(), newCostCmd(),
		newVerifyCmd(),
		newRooflineCmd(), newCalibrateCmd(), newSparsityCmd(),
		newDeployCmd(), newAnchorsCmd(),
		newSweepCmd(), newScenariosCmd(),
	)
	flagrule.RefuseRepeats(root)
	return root
}

// version is decost's version. Release builds set it:
//
//	go build -ldflags "-X main.version=v1.2.0" ./cmd/decost
//
// Left empty, 'decost --version' reports what the Go toolchain recorded in the binary.
var version = ""

// versionString is version when set, else the module version the Go toolchain stamped in
// the binary (a tag, or a pseudo-version of the commit with +dirty for uncommitted
// changes), else "devel" (go run and go test stamp none).
func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// emit renders into a buffer and copies it to the command's output only when rendering
// succeeded, so that a failing command prints nothing on stdout.
func emit(cmd *cobra.Command, write func(w io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	_, err := cmd.OutOrStdout().Write(b.Bytes())
	return err
}

// emitRecord writes a command's record r: as JSON for --format json, else as the table that
// table lays it out in.
func emitRecord(cmd *cobra.Command, f render.Format, r any, table func() *render.Table) error {
	return emit(cmd, func(w io.Writer) error {
		if f == render.JSON {
			return render.WriteJSON(w, r)
		}
		return table().Write(w, f)
	})
}

// savePlot returns a function that writes a plot to path (a .png or .svg, atomically) and
// names it on stderr, or passes on the error of drawing it, so that a report's (plot, error)
// goes straight in.
func savePlot(cmd *cobra.Command, path string) func(*plot.Plot, error) error {
	return func(p *plot.Plot, err error) error {
		if err == nil {
			if err = chart.Save(p, path); err == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", path)
			}
		}
		return err
	}
}
