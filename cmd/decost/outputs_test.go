package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSweepWritesAllOrNone: when one output of a run cannot be written (D/pareto.csv is a
// folder), none is: the table, written first before, is not there, and no temporary file
// is left. A plot that cannot be drawn stops the run the same way.
func TestSweepWritesAllOrNone(t *testing.T) {
	dir := t.TempDir()
	scenario := filepath.Join(dir, "p.yaml")
	src := `name: p
analysis: cost
axes: {models: [step3], hardware: [h800], contexts: 8k}
outputs: {table: table.txt, csv: pareto.csv}
plots:
  - {file: fig.png, x: total_usd_per_mtok, y: activated_params, where: {model: nosuch}}
`
	out := filepath.Join(dir, "D")
	if err := os.MkdirAll(filepath.Join(out, "pareto.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ yaml, want string }{
		{strings.Split(src, "plots:")[0], "pareto.csv: a folder is there; nothing was written"},
		{src, "plots[0] (fig.png): no row matches"},
	} {
		if err := os.WriteFile(scenario, []byte(tc.yaml), 0o644); err != nil {
			t.Fatal(err)
		}
		stdout, stderr, code := run(t, "sweep", scenario, "--out", out)
		if code != 1 || stdout != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, stdout, stderr, tc.want)
		}
		entries, _ := os.ReadDir(out)
		if len(entries) != 1 || entries[0].Name() != "pareto.csv" {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("--out holds %v, want only the pareto.csv folder that was there", names)
		}
	}
}
