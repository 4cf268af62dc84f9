package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnchorsGolden: the scorecard through the real CLI, as a table, CSV and JSON.
func TestAnchorsGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"anchors.txt", []string{"anchors"}},
		{"anchors.csv", []string{"anchors", "--format", "csv"}},
		{"anchors.json", []string{"anchors", "--format", "json"}},
	})
}

// TestAnchorsDir: --dir scores a directory of the user's own measurements, in the shipped
// format; a missing or empty directory and a broken file are one-line errors naming them.
func TestAnchorsDir(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "anchors", "sglang-h20-qwen3-8b-fp8.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "sglang-h20-qwen3-8b-fp8.yaml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "anchors", "--dir", dir, "--format", "csv")
	if code != 0 || errs != "" || strings.Count(out, "\n") != 2 || !strings.Contains(out, "sglang-h20-qwen3-8b-fp8,qwen3-8b") {
		t.Errorf("exit %d, stderr %q, stdout %q; want the header and one anchor", code, errs, out)
	}
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("id: broken\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ dir, says string }{
		{filepath.Join(dir, "nosuch"), "not a directory"},
		{empty, "--dir " + empty + ": no anchors (*.yaml)"},
		{dir, "broken.yaml: model: missing"},
	} {
		out, errs, code := run(t, "anchors", "--dir", tc.dir)
		if code == 0 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.says) {
			t.Errorf("--dir %s: exit %d, stdout %q, stderr %q; want one line naming %s", tc.dir, code, out, errs, tc.says)
		}
	}
}
