package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/decost/decost/model"
)

func TestVerifyGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"verify_step3.txt", []string{"verify", "--model", "step3"}},
		{"verify_deepseek-v3_minimax-m1.json", []string{"verify", "--model", "deepseek-v3,minimax-m1", "--format", "json"}},
	})
}

// TestVerifyAllJSON: every built-in model passes every check, and the rows carry the keys of
// the contract.
func TestVerifyAllJSON(t *testing.T) {
	out, errs, code := run(t, "verify", "--model", "all", "--format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	perModel := map[string]int{}
	checks := map[string]bool{}
	for _, r := range rows {
		if len(r) != 5 {
			t.Errorf("row %v: want exactly model, check, expected, measured, ok", r)
		}
		for _, k := range []string{"model", "check", "expected", "measured", "ok"} {
			if _, ok := r[k]; !ok {
				t.Fatalf("row %v lacks %q", r, k)
			}
		}
		if r["ok"] != true {
			t.Errorf("failed: %v", r)
		}
		perModel[r["model"].(string)]++
		c := r["check"].(string)
		checks[c[strings.Index(c, ": ")+2:]] = true
	}
	if n := len(model.BuiltinIDs()); len(perModel) != n {
		t.Errorf("%d models verified, want the %d built-in ones", len(perModel), n)
	}
	// Every attention and FFN kind of the zoo is exercised.
	for _, c := range []string{
		"GQA = direct softmax formula", "GQA = MHA with repeated KV heads",
		"MFA = MQA with full-rank W_Q = W_Qdown·diag(γ)·W_Qup/rms", "MLA absorbed = naive",
		"window 16 = full attention over the last 16 tokens", "recurrent state = parallel decayed sum",
		"SwiGLU = direct formula", "MoE = weighted sum of the selected experts one by one",
		"attention core FLOPs − 2·n·p·C' (PV at c, not c+p)", "router FLOPs (CountOptions.Router)",
		// DeepSeek Sparse Attention (deepseek-v3.2, glm-5.2) and Gated DeltaNet (qwen3-next, qwen3.5).
		"indexer FLOPs (scores 2·n_I·d_I·C + weighting 2·n_I·C)", "index key bytes read (FP8 keys + FP32 scales × C)",
		"index key bytes per token", "sparse MLA = naive MLA over the direct indexer's top-k",
		"sparse MLA = naive MLA over the shared top-k", "top-48 of 48 tokens = dense MLA",
		"attention core FLOPs (5 per state element: decay, kᵀv, q·S)",
		"attention core FLOPs (7 per state element: decay, kᵀS, k·δᵀ, qᵀS; + conv1d 2·K·channels)",
		"delta rule = transition form S ← e^g·(I − β·k·kᵀ)·S + β·k·vᵀ", "conv state elements",
	} {
		if !checks[c] {
			t.Errorf("no %q check", c)
		}
	}
}

func TestVerifyBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"verify", "--model", "nosuch"}, `"nosuch"`},
		{[]string{"verify", "--format", "xml"}, `"xml"`},
		{[]string{"verify", "extra"}, `"extra"`},
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
