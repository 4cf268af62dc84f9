package cost

import (
	"strings"
	"testing"
)

func TestServingPrecisionSetOp(t *testing.T) {
	p, err := ServingPrecisionPreset(PrecisionDeepSeek)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.SetOp("lm-head", "fp8"); err != nil || p.LMHead != "fp8" || p.Name != "custom" || p.KV != "bf16" {
		t.Errorf("SetOp lm-head fp8: %v, %+v", err, p)
	}
	if err := p.SetOp("lm", "fp8"); err == nil || !strings.Contains(err.Error(), `unknown op class "lm"`) {
		t.Errorf("SetOp lm: %v", err)
	}
	if err := p.SetOp("kv", "fp9"); err == nil {
		t.Error("SetOp kv fp9 accepted")
	}
}
