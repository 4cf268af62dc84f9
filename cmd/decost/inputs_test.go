package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestInputCaps: every file decost reads has a size cap and a line-length cap, and breaking
// one is a one-line error naming the file and what it should have been; /dev/zero fails on
// the first line (before the caps, calibrate --measurements /dev/zero grew to 19 GB).
func TestInputCaps(t *testing.T) {
	dir := t.TempDir()
	long := func(name, head string, n int) string { // a file whose line 2 has n bytes
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(head+"\n"+strings.Repeat("a", n)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csv := long("long.csv", "kind,dtype,ms,flops,bytes", 1<<20)
	yml := long("long.yaml", "name: x", 2<<20)
	cfg := long("long.json", "{", 2<<20)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate", "--measurements", "/dev/zero", "--hardware", "h200"}, "/dev/zero: measurements line 1: longer than 65536 bytes; not a measurement CSV"},
		{[]string{"calibrate", "--measurements", csv, "--hardware", "h200"}, csv + ": measurements line 2: longer than 65536 bytes; not a measurement CSV"},
		{[]string{"hardware", "--hardware-file", "/dev/zero"}, "/dev/zero: line 1: longer than 1048576 bytes; not a hardware file"},
		{[]string{"hardware", "--hardware-file", yml}, yml + ": line 2: longer than 1048576 bytes; not a hardware file"},
		{[]string{"counts", "--model", "/dev/zero"}, "/dev/zero: line 1: longer than 1048576 bytes; not a config.json"},
		{[]string{"counts", "--model", cfg}, cfg + ": line 2: longer than 1048576 bytes; not a config.json"},
		{[]string{"counts", "--model", "step3", "--precision", "/dev/zero"}, "/dev/zero: larger than 1048576 bytes; not a precision profile"},
		{[]string{"roofline", "--model", "step3", "--profile", "/dev/zero"}, "/dev/zero: profile: larger than 1048576 bytes; not a calibration profile"},
		{[]string{"sweep", yml}, yml + ": line 2: longer than 1048576 bytes; not a scenario"},
	} {
		t.Run(strings.Join(tc.args[:2], " "), func(t *testing.T) {
			out, errs, code := run(t, tc.args...)
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", code, out, errs, tc.want)
			}
		})
	}
}

// TestNonsenseRefused: values that were accepted and answered (issue 13 item 7) are one-line
// errors, or a warning where decost computes something else than asked.
func TestNonsenseRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		// the help lists fp8, int8 (fp16) and bf16 for a KV cache; fp4 was taken
		{[]string{"roofline", "--kv", "fp4"}, "--kv fp4: want fp8, int8, fp16 or bf16"},
		{[]string{"deploy", "--attention-kv", "fp4"}, "--attention-kv fp4: want fp8, int8, fp16 or bf16"},
		{[]string{"roofline", "--attention-compute", "int8"}, "--attention-compute int8: want fp8 or bf16"},
		// printed 1.5e11 µs without a word
		{[]string{"roofline", "--batch", "99999999999"}, "--batch 99999999999: must be a positive number of sequences, at most 16777216"},
		{[]string{"deploy", "--batch", "99999999999"}, "--batch 99999999999: at most 16777216 sequences"},
		{[]string{"sweep", "report-cost-table", "--workers", "1000000"}, "--workers: must be 0 (one per core) or positive up to 1024, got 1000000"},
		{[]string{"deploy", "--nic", "1e30"}, "nic bandwidth must be 0 (the card's) or positive up to 1e+06 Gbit/s, got 1e+30 Gbit/s"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errs, code := run(t, tc.args...)
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", code, out, errs, tc.want)
			}
		})
	}
	// a800 has no FP8: the attention block computes in BF16, and decost says so.
	for _, args := range [][]string{
		{"roofline", "--hardware", "a800", "--attention-compute", "fp8"},
		{"deploy", "--attention-hardware", "a800", "--ffn-hardware", "a800", "--attention-compute", "fp8", "--max-instances", "1", "--tpot", "200ms"},
	} {
		_, errs, code := run(t, args...)
		if want := "decost: warning: a800 has no FP8 compute; --attention-compute fp8 computes in bf16, at its BF16 peak\n"; code != 0 || errs != want {
			t.Errorf("%v: exit %d, stderr %q; want exit 0 and %q", args, code, errs, want)
		}
	}
}

// TestConflictingInputs: one rule, refuse (ConflictRule). Each of these used to pick a value
// silently: the scenario's price over --price, the last of two --price or --model, duplicate
// rows for a repeated model or context, and a trailing comma ignored.
func TestConflictingInputs(t *testing.T) {
	scenario := filepath.Join(t.TempDir(), "pr.yaml")
	if err := os.WriteFile(scenario, []byte("name: pr\nanalysis: cost\naxes: {models: [step3], hardware: [h20], contexts: 8k, prices: {h20: [0.6, 0.8]}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep", scenario, "--price", "h20=5"}, "--price h20=5: " + scenario + " sweeps h20's price (axes.prices.h20); give it in one place"},
		{[]string{"cost", "--price", "h20=1", "--price", "h20=2"}, "--price h20 given twice (h20=1, then h20=2); give it once"},
		{[]string{"cost", "--model", "step3,step3"}, `--model "step3,step3": step3 is listed twice`},
		{[]string{"cost", "--context", "8k,8k"}, `--context "8k,8k": 8k is listed twice`},
		{[]string{"cost", "--context", "8k,8192"}, `--context "8k,8192": 8k and 8192 are both 8192 tokens`},
		{[]string{"cost", "--context", "8k,"}, `--context "8k,": an empty entry (a trailing or doubled comma)`},
		{[]string{"cost", "--hardware", "h800,,h20"}, `--hardware "h800,,h20": an empty entry`},
		{[]string{"cost", "--model", "step3", "--model", "qwen3-32b"}, `decost: --model: given twice (step3, then qwen3-32b); give it once`},
		{[]string{"deploy", "--tpot", "50ms", "--tpot", "30ms"}, `decost: --tpot: given twice (50ms, then 30ms); give it once`},
		{[]string{"counts", "--precision", "fp8", "--precision", "bf16"}, `decost: --precision: given twice (fp8, then bf16); give it once`},
		// one plain line, not pflag's `invalid argument "x" for "--batch" flag: strconv.ParseInt: …`
		{[]string{"deploy", "--batch", "x"}, `decost: --batch x: want a whole number`},
		{[]string{"deploy", "--frontier=maybe"}, `decost: --frontier maybe: want true or false`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errs, code := run(t, tc.args...)
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", code, out, errs, tc.want)
			}
		})
	}
	// Lists that stay repeatable: --price for different cards, --measurements.
	if _, errs, code := run(t, "cost", "--price", "h20=1", "--price", "h800=2"); code != 0 {
		t.Errorf("--price for two cards: exit %d, %s", code, errs)
	}
}

// TestDurationFlagsFollowTheRule: every duration flag of every command, present and future,
// reads by internal/duration's rule (a unit, a range), not pflag's own Duration.
func TestDurationFlagsFollowTheRule(t *testing.T) {
	n := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Value.Type() != "duration" {
				return
			}
			n++
			if err := f.Value.Set("50"); err == nil || !strings.Contains(err.Error(), "50 has no unit; want a duration with its unit") {
				t.Errorf("%s --%s: a bare 50 gives %v; register it with duration.NewValue", c.CommandPath(), f.Name, err)
			}
		})
		for _, s := range c.Commands() {
			walk(s)
		}
	}
	walk(newRoot())
	if n < 3 { // deploy --tpot, --message-latency; sparsity --tpot
		t.Errorf("%d duration flags found, want at least 3", n)
	}
}
