package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRooflineGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"roofline_step3_h800.txt", []string{"roofline", "--model", "step3", "--hardware", "h800", "--context", "8k", "--batch", "32"}},
		{"roofline_deepseek_tp8.md", []string{"roofline", "--model", "deepseek-v3", "--hardware", "h20", "--batch", "64", "--gpus", "8", "--attention-parallel", "tp", "--format", "markdown"}},
		{"roofline_qwen3_ideal.csv", []string{"roofline", "--model", "qwen3-235b-a22b", "--hardware", "h200", "--batch", "128", "--gpus", "16", "--profile", "ideal", "--format", "csv"}},
	})
}

// rooflineOut is the JSON contract of decost roofline.
type rooflineOut struct {
	Ops []struct {
		LayerKind    string  `json:"layer_kind"`
		Op           string  `json:"op"`
		FLOPs        float64 `json:"flops"`
		Bytes        float64 `json:"bytes"`
		Intensity    float64 `json:"intensity"`
		Bound        string  `json:"bound"`
		IdealUS      float64 `json:"ideal_us"`
		CalibratedUS float64 `json:"calibrated_us"`
		WeightBytes  float64 `json:"weight_bytes"`
		CacheBytes   float64 `json:"cache_bytes"`
	} `json:"ops"`
	AttentionKind              string  `json:"attention_kind"`
	FFNKind                    string  `json:"ffn_kind"`
	AttentionLayerIdealUS      float64 `json:"attention_layer_ideal_us"`
	AttentionLayerCalibratedUS float64 `json:"attention_layer_calibrated_us"`
	FFNLayerIdealUS            float64 `json:"ffn_layer_ideal_us"`
	FFNLayerCalibratedUS       float64 `json:"ffn_layer_calibrated_us"`
}

func rooflineJSONOf(t *testing.T, args ...string) rooflineOut {
	t.Helper()
	out, errs, code := run(t, append([]string{"roofline", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	var r rooflineOut
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	_ = json.Unmarshal([]byte(out), &raw)
	for _, k := range []string{"ops", "attention_layer_ideal_us", "attention_layer_calibrated_us", "ffn_layer_ideal_us", "ffn_layer_calibrated_us"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("no key %q", k)
		}
	}
	for _, o := range raw["ops"].([]any) {
		for _, k := range []string{"layer_kind", "op", "flops", "bytes", "intensity", "bound", "ideal_us", "calibrated_us"} {
			if _, ok := o.(map[string]any)[k]; !ok {
				t.Errorf("op lacks %q: %v", k, o)
			}
		}
	}
	return r
}

// TestRooflineTotalsAreSums: the JSON totals equal the sums of the ops of the named kinds.
func TestRooflineTotalsAreSums(t *testing.T) {
	for _, args := range [][]string{
		{"--model", "step3", "--hardware", "h800", "--batch", "32"},
		{"--model", "deepseek-v3", "--hardware", "h20", "--batch", "64", "--gpus", "8", "--attention-parallel", "tp"},
		{"--model", "qwen3-235b-a22b", "--hardware", "h200", "--batch", "256", "--gpus", "4", "--context", "32k"},
		{"--model", "llama4-maverick", "--hardware", "b200", "--batch", "16"},
	} {
		r := rooflineJSONOf(t, args...)
		var ai, ac, fi, fc float64
		for _, o := range r.Ops {
			ffn := strings.HasPrefix(o.Op, "routed_") || strings.HasPrefix(o.Op, "shared_") || strings.HasPrefix(o.Op, "dense_")
			if o.LayerKind == r.AttentionKind && !ffn {
				ai += o.IdealUS
				ac += o.CalibratedUS
			}
			if o.LayerKind == r.FFNKind && ffn {
				fi += o.IdealUS
				fc += o.CalibratedUS
			}
			if o.Bound != "memory" && o.Bound != "compute" {
				t.Errorf("%v %s: bound %q", args, o.Op, o.Bound)
			}
			if math.Abs(o.Intensity-o.FLOPs/o.Bytes) > 1e-9*o.Intensity {
				t.Errorf("%v %s: intensity %v != flops/bytes", args, o.Op, o.Intensity)
			}
		}
		for _, c := range [][2]float64{{ai, r.AttentionLayerIdealUS}, {ac, r.AttentionLayerCalibratedUS}, {fi, r.FFNLayerIdealUS}, {fc, r.FFNLayerCalibratedUS}} {
			if math.Abs(c[0]-c[1]) > 1e-9*c[1] || c[1] <= 0 {
				t.Errorf("%v: total %v != sum of ops %v", args, c[1], c[0])
			}
		}
	}
}

// TestRooflineParallelism: on Step-3 (one shared K/V head), TP over 8 GPUs leaves each GPU
// reading all 32 sequences' KV (2·256·8192 B each = 134,217,728 B) while DP reads 4 (16,777,216 B);
// DP keeps all attention weights per GPU (169,345,024 B), TP 37,224,448 B (q_up and o split).
func TestRooflineParallelism(t *testing.T) {
	sums := func(r rooflineOut) (kv, weights float64) {
		for _, o := range r.Ops {
			if o.LayerKind != "mfa/moe" {
				continue
			}
			kv += o.CacheBytes
			switch o.Op {
			case "q_down", "q_up", "k_proj", "v_proj", "o_proj":
				weights += o.WeightBytes
			}
		}
		return
	}
	base := []string{"--model", "step3", "--hardware", "h800", "--batch", "32", "--gpus", "8"}
	dpKV, dpW := sums(rooflineJSONOf(t, append(base, "--attention-parallel", "dp")...))
	tpKV, tpW := sums(rooflineJSONOf(t, append(base, "--attention-parallel", "tp")...))
	if dpKV != 16777216 || tpKV != 134217728 || dpW != 169345024 || tpW != 37224448 {
		t.Errorf("dp KV %v weights %v, tp KV %v weights %v", dpKV, dpW, tpKV, tpW)
	}
	// --weights bf16 doubles the weight bytes; --kv bf16 doubles the KV bytes.
	kv, w := sums(rooflineJSONOf(t, append(base, "--weights", "bf16", "--kv", "bf16")...))
	if kv != 2*dpKV || w != 2*dpW {
		t.Errorf("bf16 weights and KV: KV %v weights %v", kv, w)
	}
	// Ideal is a bound: every calibrated time is at least the ideal one.
	for _, o := range rooflineJSONOf(t, base...).Ops {
		if o.CalibratedUS < o.IdealUS {
			t.Errorf("%s: calibrated %v < ideal %v", o.Op, o.CalibratedUS, o.IdealUS)
		}
	}
}

func TestRooflinePlot(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"r.png", "r.svg"} {
		path := filepath.Join(dir, name)
		out, errs, code := run(t, "roofline", "--model", "step3", "--hardware", "h800", "--batch", "64", "--plot", path)
		if code != 0 || errs != "wrote "+path+"\n" || !strings.Contains(out, "attention_core") { // stderr names the plot
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		if st, err := os.Stat(path); err != nil || st.Size() < 1000 {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestRooflineBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: x\nbandwidth_fraction: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"roofline", "--batch", "0"}, "--batch 0"},
		{[]string{"roofline", "--gpus", "-1"}, "--gpus -1"},
		{[]string{"roofline", "--attention-parallel", "pp"}, `"pp"`},
		{[]string{"roofline", "--weights", "fp7"}, `"fp7"`},
		{[]string{"roofline", "--kv", "x"}, "--kv"},
		{[]string{"roofline", "--attention-compute", "y"}, "--attention-compute"},
		{[]string{"roofline", "--model", "step3,qwen3-32b"}, "one model"},
		{[]string{"roofline", "--hardware", "nosuch"}, `"nosuch"`},
		{[]string{"roofline", "--context", "0"}, `"0"`},
		{[]string{"roofline", "--profile", filepath.Join(dir, "none.yaml")}, "none.yaml"},
		{[]string{"roofline", "--profile", bad}, "compute_fraction.bf16"},
		{[]string{"roofline", "--gpus", "3", "--attention-parallel", "tp"}, "do not split over 3"},
		{[]string{"roofline", "--gpus", "64"}, "exceed the 48 routed experts"},
		{[]string{"roofline", "--plot", filepath.Join(dir, "r.gif")}, ".png or .svg"},
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

// TestRooflineGlobalFlags: --hardware-file adds cards and their profiles (used as the
// calibrated profile), --precision changes the model's formats, config.json paths work.
func TestRooflineGlobalFlags(t *testing.T) {
	out, errs, code := run(t, "roofline", "--hardware-file", "../../hardware/testdata/catalogue.yaml", "--hardware", "my-h20")
	// The caption is wrapped to 120 columns: read it with line breaks as spaces.
	if code != 0 || !strings.Contains(strings.Join(strings.Fields(out), " "), "profile my-h20: 0.7 of BF16 peak, 0.6 of FP8 peak, 0.85 of bandwidth, 4 µs per kernel") {
		t.Errorf("exit %d, stderr %q, caption in:\n%s", code, errs, out)
	}
	// --precision bf16 doubles weight and KV bytes, as --weights bf16 --kv bf16 does.
	base := []string{"--model", "step3", "--hardware", "h800", "--batch", "8"}
	a := rooflineJSONOf(t, append(base, "--precision", "bf16")...)
	b := rooflineJSONOf(t, append(base, "--weights", "bf16", "--kv", "bf16")...)
	for i := range a.Ops {
		if a.Ops[i].WeightBytes != b.Ops[i].WeightBytes || a.Ops[i].CacheBytes != b.Ops[i].CacheBytes {
			t.Errorf("%s: --precision bf16 %v/%v, --weights/--kv bf16 %v/%v", a.Ops[i].Op,
				a.Ops[i].WeightBytes, a.Ops[i].CacheBytes, b.Ops[i].WeightBytes, b.Ops[i].CacheBytes)
		}
	}
	// The Step-3 config.json gives the built-in model's ops.
	c := rooflineJSONOf(t, "--model", "../../testdata/configs/step3/config.json", "--hardware", "h800", "--batch", "8")
	d := rooflineJSONOf(t, base...)
	if len(c.Ops) != len(d.Ops) || c.AttentionLayerIdealUS != d.AttentionLayerIdealUS || c.FFNLayerIdealUS != d.FFNLayerIdealUS {
		t.Errorf("config.json step3: %d ops, attention %v µs, ffn %v µs; built-in %d, %v, %v",
			len(c.Ops), c.AttentionLayerIdealUS, c.FFNLayerIdealUS, len(d.Ops), d.AttentionLayerIdealUS, d.FFNLayerIdealUS)
	}
}
