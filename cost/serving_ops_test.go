package cost

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/decost/decost/precision"
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

func TestServingPrecisionWithOps(t *testing.T) {
	p, err := ServingPrecisionPreset(PrecisionBF16)
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.WithOps([]string{"gemm=fp8", "experts=FP8"})
	if err != nil || got.GEMM != "fp8" || got.Experts != "fp8" || got.KV != "bf16" || got.Name != "custom" {
		t.Errorf("WithOps: %v, %+v", err, got)
	}
	for _, tc := range []struct{ op, want string }{
		{"kv", `"kv": want OP=FORMAT`}, {"kv=fp9", `kv=fp9: unknown precision "fp9"`}, {"lm=fp8", `unknown op class "lm"`},
	} {
		if _, err := p.WithOps([]string{tc.op}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %s", tc.op, err, tc.want)
		}
	}
	// One op class twice, with different formats: refused, not last-wins.
	if _, err := p.WithOps([]string{"kv=bf16", " kv =fp8"}); err == nil || !strings.Contains(err.Error(), "kv given twice (kv=bf16, then  kv =fp8); give it once") {
		t.Errorf("kv=bf16, kv=fp8: %v, want refused as given twice", err)
	}
}

func TestReadImbalance(t *testing.T) {
	for _, tc := range []struct {
		arg  string
		want Imbalance
	}{{"uniform", Imbalance{Kind: ImbalanceUniform}}, {"none", Imbalance{Kind: ImbalanceNone}}, {"1.3", Imbalance{Kind: ImbalanceRatio, Ratio: 1.3}}} {
		if got, err := ReadImbalance(tc.arg); err != nil || got.Kind != tc.want.Kind || got.Ratio != tc.want.Ratio {
			t.Errorf("%s: %+v %v, want %+v", tc.arg, got, err, tc.want)
		}
	}
	f := filepath.Join(t.TempDir(), "h.csv")
	if err := os.WriteFile(f, []byte("expert,tokens\n0,10\n1,30\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := ReadImbalance(f); err != nil || got.Kind != ImbalanceHistogram || len(got.ExpertTokens) != 2 || got.ExpertTokens[1] != 30 {
		t.Errorf("%s: %+v %v, want the 2-expert histogram 10, 30", f, got, err)
	}
	for _, tc := range []struct{ arg, want string }{
		{"0.5", "0.5: imbalance: max/mean ratio must be between 1 and 1000"},
		{"nosuch.txt", `"nosuch.txt": want uniform, none, a max/mean ratio ≥ 1 or a histogram file (no such file)`},
	} {
		if _, err := ReadImbalance(tc.arg); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %s", tc.arg, err, tc.want)
		}
	}
}

// ServingOps returns a copy; every name it lists is one SetOp takes.
func TestServingOpsIsACopy(t *testing.T) {
	ops := ServingOps()
	if len(ops) != 7 || ops[0] != "kv" {
		t.Fatalf("ServingOps = %v, want the 7 op classes from kv", ops)
	}
	for _, op := range ops {
		var p ServingPrecision
		if err := p.SetOp(op, precision.BF16); err != nil {
			t.Errorf("SetOp(%s): %v", op, err)
		}
	}
	ops[0] = "changed"
	if ServingOps()[0] != "kv" {
		t.Errorf("changing ServingOps' result changed the package's list")
	}
}

// One list names the op classes for SetOp, ServingOps and Validate: each name sets its own
// field, and Validate names a bad field as the flag does (hyphens read as spaces).
func TestServingOpFields(t *testing.T) {
	for _, tc := range []struct {
		op    string
		field func(ServingPrecision) precision.Format
		msg   string
	}{
		{"kv", func(p ServingPrecision) precision.Format { return p.KV }, "serving precision kv: "},
		{"attention-core", func(p ServingPrecision) precision.Format { return p.AttentionCore }, "serving precision attention core: "},
		{"gemm", func(p ServingPrecision) precision.Format { return p.GEMM }, "serving precision gemm: "},
		{"experts", func(p ServingPrecision) precision.Format { return p.Experts }, "serving precision experts: "},
		{"dispatch", func(p ServingPrecision) precision.Format { return p.Dispatch }, "serving precision dispatch: "},
		{"combine", func(p ServingPrecision) precision.Format { return p.Combine }, "serving precision combine: "},
		{"lm-head", func(p ServingPrecision) precision.Format { return p.LMHead }, "serving precision lm head: "},
	} {
		var p ServingPrecision
		if err := p.SetOp(tc.op, precision.FP8); err != nil || tc.field(p) != precision.FP8 || p.Name != "custom" {
			t.Errorf("SetOp(%s, fp8): %v, field %q, name %q", tc.op, err, tc.field(p), p.Name)
		}
		// A bad format in that field (set past SetOp's check) is named by Validate.
		servingOpField(t, &p, tc.op)
		if err := p.Validate(); err == nil || err.Error() != tc.msg+`unknown format "fp9"` {
			t.Errorf("%s: Validate = %v, want %sunknown format \"fp9\"", tc.op, err, tc.msg)
		}
	}
}

// servingOpField writes "fp9" into op's field, as a file decoded without checks would.
func servingOpField(t *testing.T, p *ServingPrecision, op string) {
	t.Helper()
	for _, o := range servingOps {
		if o.name == op {
			*o.field(p) = "fp9"
			return
		}
	}
	t.Fatalf("no op class %s", op)
}
