package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// configsDir holds one sample config.json per recognised architecture.
var configsDir = filepath.Join("..", "..", "testdata", "configs")

func configPaths(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(configsDir, "*", "config.json"))
	if err != nil || len(files) < 16 {
		t.Fatalf("sample configs: %v, %v", files, err)
	}
	dirs := make([]string, len(files))
	for i, f := range files {
		dirs[i] = filepath.Dir(f)
	}
	return dirs
}

// TestCostEveryConfig: 'decost cost' runs on every sample config, and its numbers equal the
// built-in model's where the config is a built-in's (KV bytes aside for the two models whose
// zoo entry keeps the report's BF16 cache on some layers).
func TestCostEveryConfig(t *testing.T) {
	dirs := configPaths(t)
	var ids []string
	for _, d := range dirs {
		if b := filepath.Base(d); b != "mixtral-8x7b" {
			ids = append(ids, b)
		}
	}
	rows := func(models string) []map[string]any {
		out, errs, code := run(t, "cost", "--model", models, "--hardware", "h800,a800", "--context", "8k,32k", "--format", "json")
		if code != 0 || errs != "" {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		var r []map[string]any
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	imported := rows(strings.Join(dirs, ","))
	if len(imported) != len(dirs)*2*3 {
		t.Fatalf("%d rows for %d configs, want %d", len(imported), len(dirs), len(dirs)*6)
	}
	builtin := rows(strings.Join(ids, ","))
	byKey := map[string]map[string]any{}
	for _, r := range builtin {
		byKey[r["model"].(string)+"|"+r["hardware"].(string)+"|"+r["attention_hardware"].(string)+"|"+jsonString(r["context"])] = r
	}
	checked := 0
	for _, r := range imported {
		id := filepath.Base(r["model"].(string))
		b, ok := byKey[id+"|"+r["hardware"].(string)+"|"+r["attention_hardware"].(string)+"|"+jsonString(r["context"])]
		if !ok {
			continue
		}
		keys := []string{"attention_flops", "linear_flops", "ffn_flops", "ffn_usd_per_mtok"}
		if id != "llama4-maverick" && id != "minimax-m1" {
			keys = append(keys, "kv_bytes", "attention_usd_per_mtok", "total_usd_per_mtok", "attention_bound")
		}
		for _, k := range keys {
			if r[k] != b[k] {
				t.Errorf("%s %v %v: %s = %v, built-in %v", id, r["hardware"], r["context"], k, r[k], b[k])
			}
		}
		checked++
	}
	if checked != len(ids)*6 {
		t.Errorf("compared %d rows, want %d", checked, len(ids)*6)
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestImportGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"models_show_step3_config.txt", []string{"models", "show", filepath.Join(configsDir, "step3", "config.json")}},
		{"models_show_qwen3_next_config.json", []string{"models", "show", filepath.Join(configsDir, "qwen3-next-80b-a3b"), "--format", "json"}},
		{"models_show_minimax_m1.md", []string{"models", "show", "minimax-m1", "--format", "markdown"}},
		{"hardware_show_h20.txt", []string{"hardware", "show", "h20"}},
		{"hardware_show_file.csv", []string{"hardware", "show", "my-h20", "--hardware-file", filepath.Join("..", "..", "hardware", "testdata", "catalogue.yaml"), "--format", "csv"}},
		{"cost_hardware_file.txt", []string{"cost", "--model", filepath.Join(configsDir, "mixtral-8x7b"), "--hardware", "h20,my-h20,h200", "--context", "8k",
			"--hardware-file", filepath.Join("..", "..", "hardware", "testdata", "catalogue.yaml")}},
	})
}

// TestPrecisionFlag: --precision replaces every model's formats; without it imported models
// are full FP8 and built-in ones keep the report's profile.
func TestPrecisionFlag(t *testing.T) {
	kv := func(args ...string) float64 {
		t.Helper()
		out, errs, code := run(t, append([]string{"counts", "--context", "8192", "--format", "json"}, args...)...)
		if code != 0 || errs != "" {
			t.Fatalf("%v: exit %d, stderr %q", args, code, errs)
		}
		var r struct {
			Total struct {
				KVBytes float64 `json:"kv_bytes"`
			} `json:"total"`
		}
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatal(err)
		}
		return r.Total.KVBytes
	}
	qwen := filepath.Join(configsDir, "qwen3-32b")
	// 64 layers · 2·8·128 elements · 8192 tokens = 1,073,741,824 in FP8; twice that in BF16.
	profile := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(profile, []byte("# KV in BF16 only\ncache: bf16\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want float64
	}{
		{[]string{"--model", qwen}, 1073741824},
		{[]string{"--model", qwen, "--precision", "fp8"}, 1073741824},
		{[]string{"--model", qwen, "--precision", "bf16"}, 2147483648},
		{[]string{"--model", qwen, "--precision", profile}, 2147483648},
		{[]string{"--model", "qwen3-32b", "--precision", "BF16"}, 2147483648},
		// llama4-maverick keeps its BF16 global layers without the flag (1,006,632,960, see
		// model.TestWithPrecision) and loses them with --precision fp8: 48·2048·8192.
		{[]string{"--model", "llama4-maverick"}, 1006632960},
		{[]string{"--model", "llama4-maverick", "--precision", "fp8"}, 805306368},
	} {
		if got := kv(tc.args...); got != tc.want {
			t.Errorf("%v: KV bytes %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestContextWarning: a context beyond max_position_embeddings is counted, with a warning.
func TestContextWarning(t *testing.T) {
	out, errs, code := run(t, "counts", "--model", filepath.Join(configsDir, "qwen3-32b"), "--context", "64k")
	if code != 0 || out == "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if !strings.HasPrefix(errs, "decost: warning: context 65536 is beyond") || !strings.Contains(errs, "max_position_embeddings 40960") || strings.Count(errs, "\n") != 1 {
		t.Errorf("stderr %q", errs)
	}
	if _, errs, _ := run(t, "counts", "--model", filepath.Join(configsDir, "qwen3-32b"), "--context", "40960"); errs != "" {
		t.Errorf("warning at the limit: %q", errs)
	}
	// A built-in model carries its config's limit too.
	if _, errs, _ := run(t, "cost", "--model", "qwen3-32b,step3", "--context", "8k,64k"); errs != "decost: warning: context 65536 is beyond qwen3-32b's max_position_embeddings 40960; counting it anyway\n" {
		t.Errorf("built-in: stderr %q", errs)
	}
}

// TestImportBadInput: one line on stderr naming the file, the field and what was expected,
// non-zero exit, nothing on stdout.
func TestImportBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	unknown := write("phi/config.json", `{"architectures":["PhiForCausalLM"],"hidden_size":2560,"num_hidden_layers":32,"partial_rotary_factor":0.4,"resid_pdrop":0.1}`)
	broken := write("broken/config.json", "{\n  \"architectures\": [\"LlamaForCausalLM\"],\n  \"hidden_size\": 4096,,\n}")
	topk := write("topk.json", `{"architectures":["MixtralForCausalLM"],"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"num_attention_heads":4,"num_local_experts":8,"num_experts_per_tok":9,"intermediate_size":8}`)
	badPrec := write("prec.yaml", "weights: fp8\ncache: fp7\n")
	unknownPrec := write("prec2.yaml", "weights: fp8\nkv: bf16\n")
	badHW := write("hw.yaml", "accelerators:\n  - id: h800\n    memory_tb_per_second: 0\n")
	zeroPrice := write("hw2.yaml", "accelerators:\n  - id: x\n    peak_tflops_per_second: {bf16: 100}\n    memory_tb_per_second: 2\n    memory_gb: 80\n    price_usd_per_hour: 0\n")
	unknownHW := write("hw3.yaml", "accelerators:\n  - id: h800\n    price: 3\n")
	for _, tc := range []struct {
		args []string
		says []string
	}{
		{[]string{"cost", "--model", unknown}, []string{unknown, `unknown architecture "PhiForCausalLM"`, "partial_rotary_factor", "resid_pdrop"}},
		{[]string{"cost", "--model", broken}, []string{broken, "line 3, column", "not valid JSON"}},
		{[]string{"cost", "--model", topk}, []string{topk, "field num_experts_per_tok", "top-k 9 is larger than the 8 routed experts"}},
		{[]string{"cost", "--model", filepath.Join(dir, "nosuch")}, []string{"nosuch", "no such file"}},
		{[]string{"cost", "--model", "nosuch"}, []string{`"nosuch"`, "path to a Hugging Face config.json"}},
		{[]string{"counts", "--model", "step3", "--precision", "fp9"}, []string{"--precision", "fp9: no such file", "fp8, bf16"}},
		{[]string{"counts", "--model", "step3", "--precision", badPrec}, []string{badPrec + ":2:", "cache", `"fp7"`}},
		{[]string{"counts", "--model", "step3", "--precision", unknownPrec}, []string{unknownPrec + ":2:", `unknown field "kv"`}},
		{[]string{"cost", "--hardware-file", badHW}, []string{"--hardware-file", badHW + ":3:", "memory_tb_per_second", "positive"}},
		{[]string{"hardware", "--hardware-file", zeroPrice}, []string{zeroPrice + ":6:", "price_usd_per_hour", "got 0"}},
		{[]string{"hardware", "show", "h800", "--hardware-file", unknownHW}, []string{unknownHW + ":3:", `unknown field "price"`}},
		{[]string{"hardware", "--hardware-file", filepath.Join(dir, "none.yaml")}, []string{"none.yaml: no such file"}},
		{[]string{"hardware", "show", "nosuch"}, []string{`"nosuch"`}},
		{[]string{"hardware", "show"}, []string{"accepts 1 arg"}},
		{[]string{"models", "show", "step3", "qwen3-32b"}, []string{"accepts 1 arg"}},
		{[]string{"models", "show", "step3,qwen3-32b"}, []string{"one model"}},
		{[]string{"models", "show", unknown}, []string{`unknown architecture "PhiForCausalLM"`}},
		{[]string{"models", "nosuch"}, []string{`"nosuch"`}},
	} {
		out, errs, code := run(t, tc.args...)
		if code == 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want non-zero exit and no stdout", tc.args, code, out)
		}
		if strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "decost: ") {
			t.Errorf("%v: stderr %q is not one line", tc.args, errs)
		}
		for _, s := range tc.says {
			if !strings.Contains(errs, s) {
				t.Errorf("%v: stderr %q does not say %q", tc.args, errs, s)
			}
		}
	}
}
