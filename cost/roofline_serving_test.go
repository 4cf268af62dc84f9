package cost

import (
	"strings"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
)

// TestRooflineServingPrecision: the roofline prices one layer's ops in a serving precision
// the way decost deploy does (formatsOf), so DeepSeek's production formats — FP8 GEMMs and
// experts, BF16 KV cache and attention core — can be asked for; AttentionCompute alone turns
// the projections to BF16 as well. DeepSeek-V3 on 8 H800, 512 sequences at 4096, data-parallel
// attention: t = 512/8 = 64 tokens per GPU; the MLA cache is 512 + 64 = 576 elements per
// cached token, so the core reads 64·4096·576·1 = 150,994,944 B in FP8 and twice that,
// 301,989,888 B, in BF16.
func TestRooflineServingPrecision(t *testing.T) {
	m, h800 := builtin(t, "deepseek-v3"), card(t, "h800")
	s := AttentionStep{512, 4096, 8, DataParallel}
	ds, err := ServingPrecisionPreset(PrecisionDeepSeek)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name                        string
		o                           RooflineOptions
		proj, core, experts, shared precision.Format
		cacheBytes                  float64
		servingPrecision            string
	}{
		{"model", RooflineOptions{}, precision.FP8, precision.FP8, precision.FP8, precision.FP8, 64 * 4096 * 576 * 1, PrecisionModel},
		{"deepseek", RooflineOptions{Precision: ds}, precision.FP8, precision.BF16, precision.FP8, precision.FP8, 64 * 4096 * 576 * 2, PrecisionDeepSeek},
		{"attention-compute bf16", RooflineOptions{AttentionCompute: precision.BF16}, precision.BF16, precision.BF16, precision.FP8, precision.FP8, 64 * 4096 * 576 * 1, PrecisionModel},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Roofline(m, h800, hardware.DefaultProfile(), s, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if r.ServingPrecision.Name != tc.servingPrecision {
				t.Errorf("serving precision %q, want %q", r.ServingPrecision.Name, tc.servingPrecision)
			}
			if got := r.ServingPrecision.Format("kv"); got != tc.o.Precision.KV {
				t.Errorf("recorded kv format %q, want %q", got, tc.o.Precision.KV)
			}
			var moe []Op
			for _, o := range r.Ops {
				if o.LayerKind == "mla/moe" {
					moe = append(moe, o)
				}
			}
			for _, w := range []struct {
				op string
				f  precision.Format
			}{{"q_a_proj", tc.proj}, {"o_proj", tc.proj}, {"attention_core", tc.core}, {"routed_gate_up", tc.experts}, {"routed_down", tc.experts}, {"shared_gate_up", tc.shared}} {
				if o := opNamed(t, moe, w.op); o.Compute != w.f {
					t.Errorf("%s computes in %s, want %s", w.op, o.Compute, w.f)
				}
			}
			core := opNamed(t, moe, "attention_core")
			if !near(core.CacheBytes, tc.cacheBytes) {
				t.Errorf("attention_core reads %v cache bytes, want %v", core.CacheBytes, tc.cacheBytes)
			}
			for _, op := range []string{"attention_core", "routed_gate_up"} {
				if b := opNamed(t, moe, op).Basis; !strings.HasPrefix(b, "table:") {
					t.Errorf("%s basis %q: want an H800 kernel table", op, b)
				}
			}
		})
	}
}
