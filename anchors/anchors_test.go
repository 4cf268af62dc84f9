package anchors

import (
	"strings"
	"testing"

	"github.com/decost/decost"
)

func shipped(t *testing.T) []Result {
	t.Helper()
	as, err := Load(decost.AnchorFiles, decost.AnchorDir)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := EvaluateAll(as)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// TestIdealBoundsMeasured: ideal times are at 100% of peak with no latency and balanced
// load, so the ideal TGS of every shipped anchor is at least what was measured.
func TestIdealBoundsMeasured(t *testing.T) {
	for _, r := range shipped(t) {
		if r.IdealTGS < r.Anchor.MeasuredTGS {
			t.Errorf("%s: ideal %.0f TGS below the measured %.0f: the ideal bound is broken", r.Anchor.ID, r.IdealTGS, r.Anchor.MeasuredTGS)
		}
	}
}

// notYetWithinBand lists the shipped anchors today's deployment model misses, with why. It
// records issue 12's open work, not an allowance: an anchor that comes within its band must
// leave the list (the test fails until it does), and none may join it.
var notYetWithinBand = map[string]string{}

// TestCalibratedWithinBand: every shipped anchor's calibrated TGS is within its stated band.
func TestCalibratedWithinBand(t *testing.T) {
	for _, r := range shipped(t) {
		why, known := notYetWithinBand[r.Anchor.ID]
		switch {
		case r.WithinBand && known:
			t.Errorf("%s: calibrated %.0f TGS is now within %g of the measured %.0f: remove it from notYetWithinBand", r.Anchor.ID,
				r.CalibratedTGS, r.Anchor.ErrorBand, r.Anchor.MeasuredTGS)
		case !r.WithinBand && !known:
			t.Errorf("%s: calibrated %.0f TGS is %+.1f%% off the measured %.0f, outside its ±%g%% band", r.Anchor.ID,
				r.CalibratedTGS, 100*r.Error, r.Anchor.MeasuredTGS, 100*r.Anchor.ErrorBand)
		case known:
			t.Logf("%s: %+.1f%% (band ±%g%%), not yet within band: %s", r.Anchor.ID, 100*r.Error, 100*r.Anchor.ErrorBand, why)
		}
	}
}

// TestEvaluateArithmetic: the error is (calibrated − measured)/measured, checked against the
// deployment result it came from.
func TestEvaluateArithmetic(t *testing.T) {
	for _, r := range shipped(t) {
		if r.IdealTGS != r.Deploy.TGS.Ideal || r.CalibratedTGS != r.Deploy.TGS.Calibrated {
			t.Errorf("%s: TGS %v/%v, deploy says %+v", r.Anchor.ID, r.IdealTGS, r.CalibratedTGS, r.Deploy.TGS)
		}
		if want := r.CalibratedTGS/r.Anchor.MeasuredTGS - 1; abs(r.Error-want) > 1e-12 {
			t.Errorf("%s: error %v, want %v", r.Anchor.ID, r.Error, want)
		}
		if r.Deploy.GPUs != r.Anchor.Layout.GPUs || r.Deploy.Context != r.Anchor.Context || r.Deploy.TotalBatch != float64(r.Anchor.BatchPerGPU*r.Anchor.Layout.GPUs) {
			t.Errorf("%s: deployed %d GPUs, context %d, %v sequences", r.Anchor.ID, r.Deploy.GPUs, r.Deploy.Context, r.Deploy.TotalBatch)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

const valid = `id: a
model: qwen3-8b
hardware: h20
layout: {mode: ep, gpus: 1, attention_dp: 1, ep: 1}
batch_per_gpu: 64
input_tokens: 4096
output_tokens: 2048
context: 5120
precision: {preset: fp8-gemm}
mtp: 0
schedule: none
source: {url: https://example.com, engine: SGLang, measured: TGS}
measured_tgs: 2682
error_band: 0.1
`

// TestParseErrors: each broken field is named.
func TestParseErrors(t *testing.T) {
	if _, err := Parse([]byte(valid), "a.yaml"); err != nil {
		t.Fatalf("valid anchor: %v", err)
	}
	for _, tc := range []struct{ from, to, want string }{
		{"context: 5120", "context: 4096", "context 4096: the average KV length during decode is input_tokens + output_tokens/2 = 5120"},
		{"model: qwen3-8b", "model: ''", "model: missing"},
		{"attention_dp: 1", "attention_dp: 2", "layout: mode ep needs attention_dp = ep = gpus"},
		{"mode: ep", "mode: tp", `layout.mode "tp"`},
		{"preset: fp8-gemm", "preset: fp8-gemm, kv: fp9", `precision.kv "fp9"`},
		{"preset: fp8-gemm", "preset: fp9", `precision.preset: unknown serving precision "fp9"`},
		{"schedule: none", "schedule: fast", `schedule "fast": want one of deepseek-5stage, afd-pipeline, none`},
		{"measured_tgs: 2682", "measured_tgs: 0", "measured_tgs: must be a positive number"},
		{"error_band: 0.1", "error_band: 10", "error_band: must be a fraction in (0, 1), got 10"},
		{"batch_per_gpu: 64", "batch_per_gpu: 0", "batch_per_gpu: must be at least 1, got 0"},
		{"mtp: 0", "mtp: -1", "mtp -1, mtp_accept 0: mtp: draft tokens must be between 0 and 16"},
		{"mtp: 0", "mtp: 0\nmtp_accept: 0.5", "mtp_accept 0.5: needs mtp > 0"},
		{"mtp: 0", "mtp: 1\nmtp_accept: 1.5", "accept rate must be in [0, 1]"},
		{"mtp: 0", "mtpp: 0", "field mtpp not found"},
		{"url: https://example.com", "url: ''", "source.url: missing"},
	} {
		src := strings.Replace(valid, tc.from, tc.to, 1)
		_, err := Parse([]byte(src), "a.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "a.yaml: ") {
			t.Errorf("%s → %s: error %v, want a.yaml: …%s", tc.from, tc.to, err, tc.want)
		}
	}
}
