package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConflictsRefused: inputs that disagree, or that a command does not use, are one-line
// errors naming the flag, never resolved by order or ignored (flagrule.ConflictRule).
func TestConflictsRefused(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	h200a := write("a.yaml", "accelerators:\n  - id: h200\n    price_usd_per_hour: 3.1\n")
	h200b := write("b.yaml", "accelerators:\n  - id: h200\n    price_usd_per_hour: 2.5\n")
	prof := write("prof.yaml", "name: mine\ncompute_fraction: {bf16: 0.7, fp8: 0.6}\nbandwidth_fraction: 0.85\nkernel_overhead_seconds: 4.0e-6\n")
	cat := filepath.Join("..", "..", "hardware", "testdata", "catalogue.yaml") // my-h20 with a profile
	precs := write("precs.yaml", "name: precs\nanalysis: cost\naxes: {models: [step3], hardware: [h20], contexts: 8k, precisions: [default, fp8]}\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		// the last one won: kv served in fp8
		{[]string{"deploy", "--op-precision", "kv=bf16", "--op-precision", "kv=fp8"}, "--op-precision kv given twice (kv=bf16, then kv=fp8); give it once"},
		// the last file's price won
		{[]string{"hardware", "--hardware-file", h200a, "--hardware-file", h200b}, "--hardware-file: card h200 is in both " + h200a + " and " + h200b + "; give each card in one file"},
		// --profile won over the hardware file's profile, and the caption named only it
		{[]string{"roofline", "--hardware-file", cat, "--hardware", "my-h20", "--profile", prof}, "--profile " + prof + ": --hardware-file gives my-h20 a profile of its own; give one of the two"},
		{[]string{"deploy", "--mode", "ep", "--hardware-file", cat, "--hardware", "my-h20", "--profile", prof}, "--hardware-file gives my-h20 a profile of its own"},
		{[]string{"deploy", "--hardware-file", cat, "--ffn-hardware", "my-h20", "--profile", prof}, "--hardware-file gives my-h20 a profile of its own"},
		// accepted and ignored, though the help says they do not apply
		{[]string{"anchors", "--precision", "bf16"}, "--precision does not apply to anchors: each anchor states its own cards and precision"},
		{[]string{"anchors", "--hardware-file", h200a}, "--hardware-file does not apply to anchors"},
		// the "default" variant became bf16 and kept its label
		{[]string{"sweep", precs, "--precision", "bf16"}, "--precision bf16: " + precs + " sweeps precisions (axes.precisions); give them in one place"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errs, code := run(t, tc.args...)
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", code, out, errs, tc.want)
			}
		})
	}
}

// TestModelsShowArgErrors: models show takes its model as an argument, and its errors say so
// (they began "--model:", a flag the command does not have).
func TestModelsShowArgErrors(t *testing.T) {
	for _, arg := range []string{"nosuch", filepath.Join(t.TempDir(), "none")} {
		out, errs, code := run(t, "models", "show", arg)
		if code != 1 || out != "" || !strings.HasPrefix(errs, "decost: models show: ") || strings.Contains(errs, "--model") {
			t.Errorf("models show %s: exit %d, stdout %q, stderr %q; want exit 1 and an error that begins models show:, without --model", arg, code, out, errs)
		}
	}
}
