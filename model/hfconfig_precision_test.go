package model

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/decost/decost/precision"
)

func TestParsePrecisionProfile(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		want PrecisionOverride
	}{
		{"weights: fp8\ncache: BF16\n", PrecisionOverride{Weights: precision.FP8, Cache: precision.BF16}},
		{"# all of them\nweights: int8\ncache: int8\nstate: fp32\ncompute: bf16\n", PrecisionOverride{Weights: precision.INT8, Cache: precision.INT8, State: precision.FP32, Compute: precision.BF16}},
		{"{compute: fp4}", PrecisionOverride{Compute: precision.FP4}},
	} {
		got, err := ParsePrecisionProfile([]byte(tc.yaml), "p.yaml")
		if err != nil || got != tc.want {
			t.Errorf("%q: %+v, %v; want %+v", tc.yaml, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		yaml string
		says []string
	}{
		{"", []string{"p.yaml: empty"}},
		{"fp8\n", []string{"p.yaml:1:", "want a mapping"}},
		{"weights: fp8\nkv: bf16\n", []string{"p.yaml:2:", `unknown field "kv"`}},
		{"weights: fp8\nweights: bf16\n", []string{"p.yaml:", `"weights"`}},
		{"weights: fp8\ncache: fp7\n", []string{"p.yaml:2:", "cache", `"fp7"`}},
		{"cache: [fp8]\n", []string{"p.yaml:1:", "cache: want a format name"}},
		{"{}\n", []string{"p.yaml: no format given"}},
		{"weights: [\n", []string{"p.yaml:"}},
	} {
		_, err := ParsePrecisionProfile([]byte(tc.yaml), "p.yaml")
		if err == nil {
			t.Errorf("%q: accepted", tc.yaml)
			continue
		}
		for _, s := range tc.says {
			if !strings.Contains(err.Error(), s) || strings.Contains(err.Error(), "\n") {
				t.Errorf("%q: %q does not say %q in one line", tc.yaml, err, s)
			}
		}
	}
	if _, err := ReadPrecisionProfile(filepath.Join(t.TempDir(), "none.yaml")); err == nil || !strings.Contains(err.Error(), "none.yaml: no such file") {
		t.Errorf("missing file: %v", err)
	}
	// The named profiles: fp8 is the report's FullFP8(); bf16 keeps an FP32 state.
	if FP8Profile().Apply(LayerPrecision{}) != FullFP8() {
		t.Errorf("FP8Profile %+v is not FullFP8()", FP8Profile())
	}
	if b := BF16Profile().Apply(FullFP8()); b.Weights != precision.BF16 || b.Cache != precision.BF16 || b.State != precision.FP32 || b.Compute != precision.BF16 {
		t.Errorf("BF16Profile gives %+v", b)
	}
}
