package cost

import (
	"math"
	"testing"

	"github.com/decost/decost/precision"
)

// TestMTPCreditedTokens: 1 + p + … + p^K by hand.
func TestMTPCreditedTokens(t *testing.T) {
	for _, c := range []struct {
		k    int
		p    float64
		want float64
	}{
		{0, 0.9, 1},
		{1, 0.6, 1.6},
		{1, 0.85, 1.85},
		{2, 0.5, 1 + 0.5 + 0.25},
		{3, 0.8, 1 + 0.8 + 0.64 + 0.512},
		{2, 0, 1},
		{4, 1, 5},
	} {
		m := MTP{DraftTokens: c.k, AcceptRate: c.p}
		if got := m.CreditedTokens(); math.Abs(got-c.want) > 1e-12 || m.TokensPerStep() != 1+c.k {
			t.Errorf("K=%d p=%v: credited %v (want %v), tokens %d", c.k, c.p, got, c.want, m.TokensPerStep())
		}
	}
	for _, bad := range []MTP{{DraftTokens: -1}, {DraftTokens: MaxDraftTokens + 1}, {DraftTokens: 1, AcceptRate: 1.2}, {DraftTokens: 1, AcceptRate: math.NaN()}} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}

// TestServingPrecision: the presets, their resolution against a layer's formats, and the
// defaults of the network and the LM head.
func TestServingPrecision(t *testing.T) {
	for _, name := range ServingPrecisionPresets() {
		p, err := ServingPrecisionPreset(name)
		if err != nil || p.Name != name || p.Validate() != nil {
			t.Errorf("%s: %+v, %v", name, p, err)
		}
	}
	if _, err := ServingPrecisionPreset("fp6"); err == nil {
		t.Error("unknown preset: no error")
	}
	if err := (ServingPrecision{KV: "fp7"}).Validate(); err == nil {
		t.Error("unknown format: no error")
	}
	// DeepSeek's production formats on a full-FP8 layer: FP8 GEMMs and experts, BF16 KV and
	// core, FP8 dispatch, BF16 combine and LM head.
	ds, _ := ServingPrecisionPreset(PrecisionDeepSeek)
	fp8 := step3(t).Layers[0].Precision
	f := formatsOf(fp8, fp8, ds.resolved())
	if f.gemmWeights != precision.FP8 || f.expertCompute != precision.FP8 || f.kv != precision.BF16 || f.core != precision.BF16 ||
		f.dispatch != precision.FP8 || f.combine != precision.BF16 || f.lmHead != precision.BF16 {
		t.Errorf("deepseek on fp8: %+v", f)
	}
	// The model preset keeps the layer's own formats.
	m := formatsOf(fp8, fp8, ServingPrecision{}.resolved())
	if m.kv != fp8.Cache || m.gemmWeights != fp8.Weights || m.core != fp8.Compute || m.dispatch != precision.FP8 || m.combine != precision.BF16 {
		t.Errorf("model on fp8: %+v", m)
	}
	if got := (ServingPrecision{KV: precision.BF16}).resolved().Name; got != "custom" {
		t.Errorf("a hand-set precision is named %q, want custom", got)
	}
	// One token of hidden 7168: FP8 7168 B + 56 FP32 scales = 7392 B; BF16 14336 B.
	n := DefaultNetwork()
	if n.MessageBytesPerToken(7168, precision.FP8) != 7392 || n.MessageBytesPerToken(7168, precision.BF16) != 14336 {
		t.Errorf("message bytes %v, %v", n.MessageBytesPerToken(7168, precision.FP8), n.MessageBytesPerToken(7168, precision.BF16))
	}
}

func TestServingValidate(t *testing.T) {
	for _, bad := range []Serving{
		{RedundantExperts: -1},
		{StepOverheadSeconds: -1e-3},
		{StepOverheadSeconds: math.Inf(1)},
		{Imbalance: Imbalance{Kind: ImbalanceRatio, Ratio: 0.5}},
		{Imbalance: Imbalance{Kind: "skewed"}},
		{Precision: ServingPrecision{GEMM: "fp7"}},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if err := (Serving{}).Validate(); err != nil {
		t.Errorf("zero serving: %v", err)
	}
}
