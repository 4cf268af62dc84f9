package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/decost/decost/scenarios"
)

// TestSweepStreamEqualsInMemory: the same scenario, streamed and in memory, writes the same
// CSV bytes.
func TestSweepStreamEqualsInMemory(t *testing.T) {
	dir := t.TempDir()
	body := "analysis: cost\naxes:\n  models: [step3, llama4-maverick]\n  hardware: report\n  contexts: [4k, 8k, 128k]\n  prices: {h20: [0.8, 1.1]}\noutputs: {csv: out.csv}\n"
	for _, f := range []string{"mem", "stream"} {
		extra := ""
		if f == "stream" {
			extra = "stream: true\n"
		}
		os.WriteFile(filepath.Join(dir, f+".yaml"), []byte("name: "+f+"\n"+extra+body), 0o644)
		if _, errs, code := run(t, "sweep", "-q", filepath.Join(dir, f+".yaml"), "--out", filepath.Join(dir, f)); code != 0 {
			t.Fatalf("%s: exit %d: %s", f, code, errs)
		}
	}
	a, _ := os.ReadFile(filepath.Join(dir, "mem", "out.csv"))
	b, _ := os.ReadFile(filepath.Join(dir, "stream", "out.csv"))
	if len(a) == 0 || string(a) != string(b) {
		t.Errorf("in-memory and streamed CSV differ:\n%s\n---\n%s", a, b)
	}
}

// TestSweepBadInput: one line on stderr with the file and the line, nothing on stdout.
func TestSweepBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\nanalysis: cost\naxes:\n  models: [step3]\n  hardware: [h800]\n  contexts: [8k, -1]\n"), 0o644)
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"sweep", bad}, "bad.yaml:6: axes.contexts[1]"},
		{[]string{"sweep", "nosuch-scenario"}, `unknown scenario "nosuch-scenario"`},
		{[]string{"sweep", filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
	} {
		out, errs, code := run(t, tc.args...)
		if code == 0 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.says) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want one line naming %s", tc.args, code, out, errs, tc.says)
		}
	}
}

// TestSweepBuiltins: every built-in scenario runs and writes its files. The only thing on
// stderr is hybrid-kv's, report-cost-context's and long-context's warnings that models at 128K
// (1M) are beyond their configured context.
func TestSweepBuiltins(t *testing.T) {
	warnings := map[string]string{
		"hybrid-kv": "decost: warning: context 131072 is beyond step3's max_position_embeddings 65536; counting it anyway\n",
		"report-cost-context": "decost: warning: context 131072 is beyond qwen3-235b-a22b's max_position_embeddings 40960; counting it anyway\n" +
			"decost: warning: context 131072 is beyond qwen3-32b's max_position_embeddings 40960; counting it anyway\n" +
			"decost: warning: context 131072 is beyond step3's max_position_embeddings 65536; counting it anyway\n",
		// long-context runs to 1M on purpose: every model but Llama 4 Maverick and MiniMax-M1 is
		// configured for less.
		"long-context": "decost: warning: context 1048576 is beyond deepseek-v3's max_position_embeddings 163840; counting it anyway\n" +
			"decost: warning: context 1048576 is beyond deepseek-v3.2's max_position_embeddings 163840; counting it anyway\n" +
			"decost: warning: context 1048576 is beyond step3's max_position_embeddings 65536; counting it anyway\n" +
			"decost: warning: context 1048576 is beyond qwen3-235b-a22b's max_position_embeddings 40960; counting it anyway\n" +
			"decost: warning: context 1048576 is beyond qwen3-next-80b-a3b's max_position_embeddings 262144; counting it anyway\n",
	}
	for _, name := range scenarios.BuiltinNames() {
		s, _ := scenarios.Builtin(name)
		dir := t.TempDir()
		out, errs, code := run(t, "sweep", name, "--out", dir, "-q")
		if code != 0 || errs != warnings[name] || out == "" {
			t.Fatalf("%s: exit %d, stderr %q", name, code, errs)
		}
		for _, f := range s.OutputFiles() {
			if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
				t.Errorf("%s: %s not written: %v", name, f, err)
			}
		}
		switch name {
		case "report-pareto":
			golden(t, "sweep_report_pareto.txt", out)
		case "attention-intensity":
			golden(t, "sweep_attention_intensity.txt", out)
		case "report-min-sparsity":
			golden(t, "sweep_report_min_sparsity.txt", out)
		}
	}
}

// TestSweepConfigPath: a scenario names a config.json folder relative to itself; it is read
// as --model reads it.
func TestSweepConfigPath(t *testing.T) {
	dir := t.TempDir()
	abs, err := filepath.Abs(filepath.Join("..", "..", "testdata", "configs", "deepseek-v3"))
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "s.yaml")
	os.WriteFile(f, []byte("name: s\nanalysis: counts\naxes: {models: ["+rel+"], contexts: 8k}\n"), 0o644)
	out, errs, code := run(t, "sweep", f, "--format", "csv", "-q")
	if code != 0 || !strings.Contains(out, ",8192,287834112,") {
		t.Errorf("exit %d, stderr %q, stdout %q; want DeepSeek-V3's 287834112 KV bytes at 8K", code, errs, out)
	}
}

// TestSweepStreamStdout: a streamed sweep without a csv output writes its rows to stdout
// with --format csv, keeps only its frontier with a pareto section, and refuses otherwise.
func TestSweepStreamStdout(t *testing.T) {
	dir := t.TempDir()
	base := "name: s\nanalysis: cost\nstream: true\naxes: {models: [step3, qwen3-32b], hardware: report, contexts: {from: 1k, to: 8k, step: 1k}}\n"
	plain, front := filepath.Join(dir, "plain.yaml"), filepath.Join(dir, "front.yaml")
	os.WriteFile(plain, []byte(base), 0o644)
	os.WriteFile(front, []byte(base+"pareto: {min: [total_usd_per_mtok], max: [activated_params], where: {hardware: afd}}\n"), 0o644)
	out, _, code := run(t, "sweep", plain, "--format", "csv", "-q")
	if code != 0 || strings.Count(out, "\n") != 1+2*8*5 {
		t.Errorf("csv to stdout: exit %d, %d lines; want header + 80 rows", code, strings.Count(out, "\n"))
	}
	out, errs, code := run(t, "sweep", plain, "-q")
	if code == 0 || out != "" || !strings.Contains(errs, "outputs.csv") {
		t.Errorf("no csv, no pareto: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	// Step-3 at 1K is the cheapest AFD row; Qwen3-32B has fewer activated parameters than
	// Step-3 (32B < 38B) and costs more at every context: the frontier is Step-3 at 1K.
	out, errs, code = run(t, "sweep", front, "--format", "csv", "-q")
	if code != 0 {
		t.Fatalf("frontier: exit %d, %s", code, errs)
	}
	if out, _, _ = run(t, "sweep", front, "-q"); !strings.Contains(out, "frontier of 64 points (no other row was kept)") ||
		!strings.Contains(out, "| step3 ") || strings.Contains(out, "qwen3-32b") {
		t.Errorf("frontier-only table:\n%s", out)
	}
}

func TestScenariosList(t *testing.T) {
	out, errs, code := run(t, "scenarios")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	golden(t, "sweep_scenarios.txt", out)
}

// TestSweepPrint: --print shows a built-in's YAML, which loads back as the same scenario.
func TestSweepPrint(t *testing.T) {
	out, errs, code := run(t, "sweep", "report-pareto", "--print")
	want, _ := scenarios.BuiltinYAML("report-pareto")
	if code != 0 || errs != "" || out != string(want) {
		t.Fatalf("exit %d, stderr %q, stdout %q", code, errs, out)
	}
	if _, err := scenarios.Parse("printed.yaml", []byte(out)); err != nil {
		t.Error(err)
	}
}

// TestCSVIntegers: the count columns of the cost CSV (context, KV bytes, FLOPs, parameters)
// parse as integers, in the in-memory and the streamed sweep alike, and the two write the
// same bytes (one number rule, render.AppendNumber).
func TestCSVIntegers(t *testing.T) {
	dir := t.TempDir()
	body := "analysis: cost\naxes: {models: report, hardware: report, contexts: [8k, 32k]}\n"
	var csvs []string
	for _, stream := range []string{"false", "true"} {
		f := filepath.Join(dir, "s"+stream+".yaml")
		os.WriteFile(f, []byte("name: s\nstream: "+stream+"\n"+body+"outputs: {csv: c.csv}\n"), 0o644)
		out := filepath.Join(dir, "out"+stream)
		if _, errs, code := run(t, "sweep", f, "--out", out, "-q"); code != 0 {
			t.Fatalf("stream %s: exit %d, %s", stream, code, errs)
		}
		b, err := os.ReadFile(filepath.Join(out, "c.csv"))
		if err != nil {
			t.Fatal(err)
		}
		csvs = append(csvs, string(b))
	}
	if csvs[0] != csvs[1] {
		t.Error("the streamed sweep's CSV differs from the in-memory one")
	}
	rows, err := csv.NewReader(strings.NewReader(csvs[0])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ints := []string{"context", "kv_bytes", "attention_flops", "linear_flops", "ffn_flops", "activated_params", "total_params"}
	for _, key := range ints {
		col := slices.Index(rows[0], key)
		if col < 0 {
			t.Fatalf("no column %s in %v", key, rows[0])
		}
		for _, r := range rows[1:] {
			if _, err := strconv.ParseInt(r[col], 10, 64); err != nil {
				t.Errorf("%s = %q: not an integer", key, r[col])
			}
		}
	}
}

// TestSweepPrintJSON: --print --format json is the built-in as JSON (a valid YAML scenario
// too, so it runs as a .yaml file and gives the built-in's table); yaml prints the source;
// other formats are an error naming both.
func TestSweepPrintJSON(t *testing.T) {
	js, errs, code := run(t, "sweep", "report-pareto", "--print", "--format", "json")
	var doc map[string]any
	if code != 0 || json.Unmarshal([]byte(js), &doc) != nil || doc["name"] != "report-pareto" {
		t.Fatalf("exit %d, stderr %q, stdout %s", code, errs, js)
	}
	src, _ := scenarios.BuiltinYAML("report-pareto")
	if y, _, _ := run(t, "sweep", "report-pareto", "--print", "--format", "yaml"); y != string(src) {
		t.Errorf("--format yaml: %q, want the built-in's source", y)
	}
	dir := t.TempDir()
	f := filepath.Join(dir, "p.yaml")
	os.WriteFile(f, []byte(js), 0o644)
	fromJSON, errs, code := run(t, "sweep", f, "--out", dir, "-q")
	builtin, _, _ := run(t, "sweep", "report-pareto", "--out", t.TempDir(), "-q")
	if code != 0 || fromJSON != builtin {
		t.Errorf("the JSON scenario ran with exit %d, %s; table differs: %v", code, errs, fromJSON != builtin)
	}
	if _, errs, code := run(t, "sweep", "report-pareto", "--print", "--format", "csv"); code == 0 || !strings.Contains(errs, "yaml or json") {
		t.Errorf("--print --format csv: exit %d, %q", code, errs)
	}
}

// TestSweepWide: --wide shows every column on stdout and in the table file; by default both
// fit 120 columns and name the columns left out.
func TestSweepWide(t *testing.T) {
	for _, wide := range []bool{false, true} {
		dir := t.TempDir()
		args := []string{"sweep", "report-pareto", "--out", dir, "-q"}
		if wide {
			args = append(args, "--wide")
		}
		out, errs, code := run(t, args...)
		file, err := os.ReadFile(filepath.Join(dir, "pareto.txt"))
		if code != 0 || err != nil || string(file) != out {
			t.Fatalf("wide %v: exit %d, %s, %v; the table file differs from stdout: %v", wide, code, errs, err, string(file) != out)
		}
		if got := strings.Contains(out, "| linear"); got != wide || strings.Contains(out, "Not shown") == wide {
			t.Errorf("wide %v: linear FLOP/tok shown %v:\n%s", wide, got, out)
		}
	}
}
