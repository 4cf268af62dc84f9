package scenarios

import (
	"strings"
	"testing"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// TestDeployMTPAxis: deployment.mtp multiplies the plans; each row is cost.EvaluateEP with its
// MTP, credited 1 + p tokens per step for one draft token (1.85 at p = 0.85).
func TestDeployMTPAxis(t *testing.T) {
	s, err := Parse("m.yaml", []byte("name: m\nanalysis: deploy\naxes: {models: deepseek-v3, hardware: h800, contexts: 4k, batch_sizes: 8,\n"+
		"  deployment: {mode: ep, gpus: 32, mtp: [{draft_tokens: 0}, {draft_tokens: 1, accept: 0.85}]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Points(); n != 2 {
		t.Errorf("points %d, want 2 (1 GPU count × 1 batch × 2 MTP values)", n)
	}
	r, err := Run(s, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Deploy) != 2 {
		t.Fatalf("%d rows, want 2", len(r.Deploy))
	}
	m, _ := model.Builtin("deepseek-v3")
	hw, _ := hardware.Builtin().Get("h800")
	for i, mtp := range []cost.MTP{{}, {DraftTokens: 1, AcceptRate: 0.85}} {
		want, err := cost.EvaluateEP(m, cost.EPPlan{Context: 4096, Hardware: hw, GPUs: 32, BatchPerGPU: 16, MicroBatches: 2,
			Assumptions: cost.DefaultAssumptions(), Serving: cost.Serving{MTP: mtp}})
		if err != nil {
			t.Fatal(err)
		}
		got := r.Deploy[i]
		if got.MTP != mtp || got.TGS != want.TGS {
			t.Errorf("row %d: MTP %+v TGS %+v, want %+v %+v", i, got.MTP, got.TGS, mtp, want.TGS)
		}
	}
	if c := r.Deploy[1].CreditedTokensPerStep; c != 1.85 {
		t.Errorf("credited %v, want 1 + 0.85 = 1.85", c)
	}
}

// TestMTPAxisErrors: each broken mtp entry is named with its line.
func TestMTPAxisErrors(t *testing.T) {
	for _, tc := range []struct{ axes, want string }{
		{"{models: step3, hardware: h800, contexts: 4k, deployment: {mtp: [{draft_tokens: 1}]}}", "m.yaml:5: axes.deployment.mtp[0]: draft_tokens 1 needs accept"},
		{"{models: step3, hardware: h800, contexts: 4k, deployment: {mtp: [{draft_tokens: 0, accept: 0.5}]}}", "accept 0.5 needs draft_tokens > 0"},
		{"{models: step3, hardware: h800, contexts: 4k, deployment: {mtp: [{draft_tokens: 1, accept: 1.5}]}}", "accept rate must be in [0, 1]"},
		{"{models: step3, hardware: h800, contexts: 4k, deployment: {mtp: [{draft_tokens: 1, accept: 0.5}, {draft_tokens: 1, accept: 0.5}]}}", "listed twice (entry 0 too)"},
	} {
		src := "name: m\nanalysis: deploy\n# a comment\n# another\naxes: " + tc.axes + "\n"
		_, err := Parse("m.yaml", []byte(src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %s", tc.axes, err, tc.want)
		}
	}
	_, err := Parse("c.yaml", []byte("name: c\nanalysis: roofline\naxes: {models: step3, hardware: h800, contexts: 4k, batch_sizes: 8, deployment: {mtp: [{draft_tokens: 0}]}}\n"))
	if err == nil || !strings.Contains(err.Error(), "only the deploy analysis sweeps mtp") {
		t.Errorf("roofline with mtp: %v", err)
	}
}
