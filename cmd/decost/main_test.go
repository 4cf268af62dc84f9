package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/decost/decost/render"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/golden")

// TestMain lets the test binary act as decost itself when DECOST_AS_MAIN is set, so that
// tests can check exit codes and the split between stdout and stderr.
func TestMain(m *testing.M) {
	if os.Getenv("DECOST_AS_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// run runs decost with args in a child process and returns stdout, stderr and the exit code.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "DECOST_AS_MAIN=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// golden compares got with testdata/golden/name, or rewrites it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/decost -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run go test ./cmd/decost -update and read the diff):\n%s", path, got)
	}
}

// goldenCase is one run of decost whose stdout testdata/golden/name holds.
type goldenCase struct {
	name string
	args []string
}

// checkGoldens runs each case, which must exit 0 with nothing on stderr, and compares its
// stdout with its golden file.
func checkGoldens(t *testing.T, cases []goldenCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := run(t, tc.args...)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			golden(t, tc.name, out)
		})
	}
}

func TestGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"cost_default.txt", []string{"cost"}},
		{"cost_all.md", []string{"cost", "--model", "all", "--format", "markdown"}},
		{"cost_step3.csv", []string{"cost", "--model", "step3", "--context", "8k", "--format", "csv"}},
		{"counts_llama4_32k.txt", []string{"counts", "--model", "llama4-maverick", "--context", "32K"}},
		{"counts_step3.json", []string{"counts", "--model", "step3", "--context", "8192", "--format", "json"}},
		{"models.txt", []string{"models"}},
		{"hardware.txt", []string{"hardware"}},
	})
}

// TestCostJSONContract checks the keys and rows other tools read (issue: CLI contract).
func TestCostJSONContract(t *testing.T) {
	out, _, code := run(t, "cost", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	// 3 models × 2 contexts × (4 cards + afd)
	if len(rows) != 30 {
		t.Fatalf("%d rows, want 30", len(rows))
	}
	keys := []string{"model", "hardware", "context", "kv_bytes", "attention_flops", "linear_flops", "ffn_flops",
		"attention_usd_per_mtok", "ffn_usd_per_mtok", "total_usd_per_mtok", "attention_bound"}
	afd := 0
	for _, r := range rows {
		for _, k := range keys {
			if _, ok := r[k]; !ok {
				t.Fatalf("row %v lacks %q", r, k)
			}
		}
		if b := r["attention_bound"]; b != "memory" && b != "compute" {
			t.Errorf("attention_bound = %v", b)
		}
		if r["hardware"] == "afd" {
			afd++
			if r["attention_hardware"] == nil || r["ffn_hardware"] == nil {
				t.Errorf("afd row lacks its cards: %v", r)
			}
		}
	}
	if afd != 6 {
		t.Errorf("%d afd rows, want 6", afd)
	}
	// step3 at 8192 on h800 is the first row; its KV bytes are exact.
	if rows[0]["model"] != "step3" || rows[0]["hardware"] != "h800" || rows[0]["context"] != 8192.0 || rows[0]["kv_bytes"] != 255852544.0 {
		t.Errorf("first row %v", rows[0])
	}
}

func TestCountsJSONContract(t *testing.T) {
	out, _, code := run(t, "counts", "--model", "deepseek-v3", "--context", "8k", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"kinds", "total", "arithmetic_intensity", "effective_rank", "total_params", "activated_params"} {
		if _, ok := r[k]; !ok {
			t.Errorf("no key %q", k)
		}
	}
	// MLA: 4·128·576·C FLOPs over 576·C bytes = 512 FLOP/B; rank 128·128.
	if r["arithmetic_intensity"] != 512.0 || r["effective_rank"] != 16384.0 {
		t.Errorf("ai %v rank %v, want 512 and 16384", r["arithmetic_intensity"], r["effective_rank"])
	}
}

// TestBadInput: one line on stderr naming the bad value, non-zero exit, nothing on stdout.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"cost", "--model", "nosuch"}, `"nosuch"`},
		{[]string{"cost", "--context", "-5"}, `"-5"`},
		{[]string{"cost", "--context", "abc"}, `"abc"`},
		{[]string{"cost", "--context", "0"}, `"0"`},
		{[]string{"cost", "--price", "h800=abc"}, `"abc"`},
		{[]string{"cost", "--price", "h800=-1"}, "-1"},
		{[]string{"cost", "--price", "h800"}, `"h800"`},
		{[]string{"cost", "--price", "nosuch=1"}, `"nosuch"`},
		{[]string{"cost", "--hardware", "nosuch"}, `"nosuch"`},
		{[]string{"cost", "--hardware", "gb200"}, "gb200 has no price"},
		{[]string{"cost", "--format", "xml"}, `"xml"`},
		{[]string{"counts", "--model", "step3,qwen3-32b"}, "one model"},
		{[]string{"cost", "extra"}, `"extra"`},
	} {
		out, errs, code := run(t, tc.args...)
		if code == 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want non-zero exit and no stdout", tc.args, code, out)
		}
		if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.says) || !strings.HasPrefix(errs, "decost: ") {
			t.Errorf("%v: stderr %q; want one line naming %s", tc.args, errs, tc.says)
		}
	}
}

// TestGoldenWidths: every terminal-table golden fits render.MaxWidth (120) display columns,
// as a default table must (--wide is for wider ones).
func TestGoldenWidths(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "golden", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden tables: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if n := utf8.RuneCountInString(line); n > render.MaxWidth {
				t.Errorf("%s:%d is %d columns wide", filepath.Base(f), i+1, n)
			}
		}
	}
}
