package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepShowsSweptAxes: a terminal sweep table shows the column of every axis the scenario
// sweeps. The precision column of a precisions sweep was left out of the 120-column table
// without a word, so its rows read as duplicates; a prices sweep's price likewise.
func TestSweepShowsSweptAxes(t *testing.T) {
	dir := t.TempDir()
	for name, tc := range map[string]struct{ axes, header, cell string }{
		"precisions": {"precisions: [default, bf16]", "precision", "| bf16 "},
		"prices":     {"prices: {h20: [0.6, 0.9]}", "$/GPU-h", "|     0.9 |"},
	} {
		t.Run(name, func(t *testing.T) {
			f := filepath.Join(dir, name+".yaml")
			body := "name: " + name + "\nanalysis: cost\naxes: {models: [step3], hardware: [h20], contexts: 8k, " + tc.axes + "}\n"
			if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			out, errs, code := run(t, "sweep", f, "--out", filepath.Join(dir, name), "--quiet")
			if code != 0 || !strings.Contains(out, "| "+tc.header) || !strings.Contains(out, tc.cell) {
				t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant a %q column with %q", code, errs, out, tc.header, tc.cell)
			}
			// and every column it leaves out is named (they went missing without a word)
			if !strings.Contains(strings.Join(strings.Fields(out), " "), "(--wide shows them; CSV and JSON carry every column): FFN $/Mtok, attention on, FFN on, compute,") {
				t.Errorf("no line names the columns left out:\n%s", out)
			}
		})
	}
}
