package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCalibrateOutputsAllOrNone: the profile (-o) and the kernel table are staged and moved
// into place together. With -o naming a folder, the kernel table was still written and the
// error was the raw rename's.
func TestCalibrateOutputsAllOrNone(t *testing.T) {
	dir := t.TempDir()
	folder, table := filepath.Join(dir, "a-folder"), filepath.Join(dir, "kernels.csv")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "calibrate", "--measurements", h200Measurements, "--hardware", "h200", "-o", folder, "--kernel-table", table)
	if want := "decost: write " + folder + ": a folder is there; nothing was written\n"; code != 1 || out != "" || errs != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errs, want)
	}
	if _, err := os.Stat(table); err == nil {
		t.Errorf("%s was written, though -o failed", table)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("%d entries in %s, want only the folder (no temporary files left)", len(left), dir)
	}
	// Both paths fine: both written.
	prof := filepath.Join(dir, "h200.yaml")
	if _, errs, code := run(t, "calibrate", "--measurements", h200Measurements, "--hardware", "h200", "-o", prof, "--kernel-table", table); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, p := range []string{prof, table} {
		if b, err := os.ReadFile(p); err != nil || len(strings.TrimSpace(string(b))) == 0 {
			t.Errorf("%s: %v, %d bytes", p, err, len(b))
		}
	}
}
