package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMTPGolden: decost cost with multi-token prediction, through the real CLI.
func TestMTPGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"cost_mtp.txt", []string{"cost", "--model", "deepseek-v3", "--hardware", "h800,h20", "--context", "8k", "--mtp", "1", "--mtp-accept", "0.85"}},
		{"cost_mtp.csv", []string{"cost", "--model", "deepseek-v3", "--hardware", "h800", "--context", "8k", "--mtp", "2", "--mtp-accept", "0.5", "--format", "csv"}},
	})
}

// TestDeployServingGolden: deploy's serving options and breakdown through the real CLI. The
// first is issue 12's done-when command: DeepSeek-V3 EP128 with one MTP draft token accepted
// at 0.6 — the deepseek-5stage timeline, every op with its basis, TGS credited at 1.6 tokens
// per step.
func TestDeployServingGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"deploy_ep_mtp_breakdown.txt", []string{"deploy", "--mode", "ep", "--model", "deepseek-v3", "--hardware", "h800", "--gpus", "128",
			"--batch", "128", "--context", "4096", "--mtp", "1", "--mtp-accept", "0.6", "--breakdown"}},
		{"deploy_ep_breakdown.csv", []string{"deploy", "--mode", "ep", "--model", "qwen3-30b-a3b", "--hardware", "h20", "--gpus", "4",
			"--batch", "100", "--context", "5120", "--serving-precision", "bf16", "--schedule", "none", "--breakdown", "--format", "csv"}},
		{"deploy_ep_serving.json", []string{"deploy", "--mode", "ep", "--model", "qwen3-8b", "--hardware", "h20", "--gpus", "1",
			"--batch", "64", "--context", "5120", "--serving-precision", "fp8-gemm", "--op-precision", "lm-head=fp8", "--schedule", "none",
			"--step-overhead", "200us", "--breakdown", "--format", "json"}},
		{"deploy_afd_serving.txt", []string{"deploy", "--mode", "afd", "--model", "step3", "--attention-instances", "2", "--ffn-instances", "2",
			"--batch", "3072", "--imbalance", "1.2", "--redundant-experts", "16", "--step-overhead", "300us"}},
	})
}

// TestDeployImbalanceFile: --imbalance FILE reads a per-expert histogram; its busiest GPU
// carries more than the mean.
func TestDeployImbalanceFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "experts.txt")
	// Step-3's 48 routed experts: 47 take 100 tokens, one 1,000.
	h := "# tokens per expert\n" + strings.Repeat("100\n", 47) + "1000\n"
	if err := os.WriteFile(f, []byte(h), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code := run(t, "deploy", "--mode", "afd", "--model", "step3", "--attention-instances", "2", "--ffn-instances", "2",
		"--batch", "3072", "--imbalance", f, "--format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var j struct {
		Imbalance       string  `json:"imbalance"`
		ImbalanceFactor float64 `json:"imbalance_factor"`
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatal(err)
	}
	if j.Imbalance != "histogram(48 experts)" || !(j.ImbalanceFactor > 1) {
		t.Errorf("imbalance %q factor %v, want histogram(48 experts) above 1", j.Imbalance, j.ImbalanceFactor)
	}
}

// TestServingBadInput: each bad serving flag is one line naming it, with no output.
func TestServingBadInput(t *testing.T) {
	ep := []string{"deploy", "--mode", "ep", "--model", "deepseek-v3", "--hardware", "h800", "--gpus", "128", "--batch", "64"}
	ep = ep[:len(ep):len(ep)] // appends copy
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"cost", "--mtp", "1"}, "--mtp 1 needs --mtp-accept"},
		{[]string{"cost", "--mtp-accept", "0.5"}, "--mtp-accept needs --mtp"},
		{[]string{"cost", "--mtp", "1", "--mtp-accept", "1.5"}, "accept rate must be in [0, 1]"},
		{[]string{"cost", "--mtp", "-1", "--mtp-accept", "0.5"}, "draft tokens must be between 0"},
		{append(ep, "--mtp", "1"), "--mtp 1 needs --mtp-accept"},
		{append(ep, "--step-overhead", "200"), "200 has no unit"},
		{append(ep, "--step-overhead", "11s"), "outside"},
		{append(ep, "--schedule", "fast"), `--schedule "fast": want one of deepseek-5stage, afd-pipeline, none`},
		{append(ep, "--schedule", "afd-pipeline"), "schedule afd-pipeline is for --mode afd"},
		{append(ep, "--schedule", "none", "--micro-batches", "2"), "schedule none runs 1 micro-batch, got 2"},
		{append(ep, "--imbalance", "0.5"), "max/mean ratio must be between 1 and 1000"},
		{append(ep, "--imbalance", "nosuch.txt"), `--imbalance "nosuch.txt": want uniform, none, a max/mean ratio ≥ 1 or a histogram file`},
		{append(ep, "--redundant-experts", "-1"), "redundant experts must be between 0"},
		{append(ep, "--serving-precision", "fp9"), `--serving-precision: unknown serving precision "fp9"`},
		{append(ep, "--op-precision", "kv"), `--op-precision "kv": want OP=FORMAT`},
		{append(ep, "--op-precision", "lm=fp8"), `unknown op class "lm"`},
		{append(ep, "--op-precision", "kv=fp9"), "--op-precision kv=fp9"},
		{append(ep, "--attention-kv", "fp8", "--op-precision", "kv=bf16"), "--attention-kv and --op-precision kv=… both set the kv format"},
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
