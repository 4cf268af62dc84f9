package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRooflineServingPrecision: roofline --serving-precision deepseek prices DeepSeek-V3's
// layer in the formats deploy --serving-precision deepseek does — the attention core from
// the BF16 MLA decode table, the projections and routed experts from the FP8 GEMM tables —
// which --attention-compute bf16 cannot ask for (it turns the projections to BF16 too). Each
// op both commands price from a kernel table names the same table.
func TestRooflineServingPrecision(t *testing.T) {
	// The roofline's --batch is the group's (512 sequences on 8 GPUs), deploy's per GPU (64).
	args := []string{"--model", "deepseek-v3", "--hardware", "h800", "--gpus", "8", "--context", "4096", "--serving-precision", "deepseek"}
	out, errs, code := run(t, append([]string{"roofline", "--batch", "512", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("roofline: exit %d: %s", code, errs)
	}
	var r struct {
		ServingPrecision string `json:"serving_precision"`
		Ops              []struct {
			LayerKind string `json:"layer_kind"`
			Op        string `json:"op"`
			Compute   string `json:"compute"`
			Basis     string `json:"basis"`
		} `json:"ops"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.ServingPrecision != "deepseek" {
		t.Errorf("serving_precision %q, want deepseek", r.ServingPrecision)
	}
	out, errs, code = run(t, append([]string{"deploy", "--mode", "ep", "--batch", "64", "--breakdown", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("deploy: exit %d: %s", code, errs)
	}
	var d struct {
		Breakdown []struct {
			Stage, Op, Basis string
		} `json:"breakdown"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	deployBasis := map[string]string{}
	for _, o := range d.Breakdown {
		deployBasis[o.Stage+" "+o.Op] = o.Basis
	}
	want := map[string]string{"q_b_proj": "fp8", "o_proj": "fp8", "attention_core": "bf16", "routed_gate_up": "fp8", "routed_down": "fp8", "shared_gate_up": "fp8"}
	for _, o := range r.Ops {
		if o.LayerKind != "mla/moe" || want[o.Op] == "" {
			continue
		}
		if o.Compute != want[o.Op] || !strings.HasPrefix(o.Basis, "table:") || !strings.HasSuffix(o.Basis, "/"+want[o.Op]) {
			t.Errorf("roofline %s: compute %s basis %s, want %s from an H800 table", o.Op, o.Compute, o.Basis, want[o.Op])
		}
		if b, ok := deployBasis["mla/moe "+o.Op]; ok && b != o.Basis {
			t.Errorf("%s: roofline priced from %s, deploy from %s", o.Op, o.Basis, b)
		}
		delete(want, o.Op)
	}
	if len(want) > 0 {
		t.Errorf("ops missing from the roofline: %v", want)
	}
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"--kv", "fp8"}, "--kv fp8 and --serving-precision deepseek (kv bf16) set the kv format differently: give one"},
		{[]string{"--attention-compute", "bf16"}, "--attention-compute bf16 and --serving-precision deepseek (gemm fp8) set the gemm format differently"},
		{[]string{"--weights", "bf16"}, "--weights bf16 and --serving-precision deepseek (gemm fp8)"},
		{[]string{"--op-precision", "dispatch=fp8"}, "--op-precision dispatch=fp8: this command prices no dispatch op"},
	} {
		out, errs, code := run(t, append(append([]string{"roofline"}, args...), tc.args...)...)
		if code == 0 || out != "" || !strings.Contains(errs, tc.says) {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %q; want refused saying %q", tc.args, code, len(out), errs, tc.says)
		}
	}
	// Flags that agree with the preset are not a conflict.
	if _, errs, code := run(t, append(append([]string{"roofline"}, args...), "--kv", "bf16", "--weights", "fp8")...); code != 0 {
		t.Errorf("--kv bf16 --weights fp8 agree with deepseek, yet exit %d: %s", code, errs)
	}
}

// TestRooflineTableExample: roofline --help shows an example priced from measured kernel
// tables (DeepSeek-V3's serving formats on 8 H800), and README's "Roofline and calibration"
// paragraph runs the same command and names only tables its output prices from: the MLA
// core from FlashMLA's BF16 table, the projections and routed experts from the FP8 GEMM
// and grouped-GEMM tables.
func TestRooflineTableExample(t *testing.T) {
	const example = "decost roofline --model deepseek-v3 --hardware h800 --gpus 8 --batch 512 --context 4k --serving-precision deepseek"
	if !strings.Contains(newRooflineCmd().Example, "  "+example+"\n") {
		t.Fatalf("roofline --help has no example %q", example)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(readme)), " ")
	if !strings.Contains(flat, "`"+example+"`") {
		t.Errorf("README.md's roofline paragraph does not show %q", example)
	}
	out, errs, code := run(t, append(strings.Fields(example)[1:], "--format", "csv")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	basis := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Split(line, ","); len(f) > 2 && f[0] == "mla/moe" {
			basis[f[1]] = line
		}
	}
	for op, table := range map[string]string{
		"attention_core": "table:h800/infersim/mla-decode/bf16", "q_b_proj": "table:h800/infersim/gemm/fp8",
		"o_proj": "table:h800/infersim/gemm/fp8", "routed_gate_up": "table:h800/infersim/grouped-gemm/fp8", "routed_down": "table:h800/infersim/grouped-gemm/fp8",
	} {
		if !strings.Contains(basis[op], ","+table+",") {
			t.Errorf("%s: %q, want priced from %s", op, basis[op], table)
		}
		if !strings.Contains(flat, "`"+table+"`") {
			t.Errorf("README.md's roofline paragraph does not name %s", table)
		}
	}
}
