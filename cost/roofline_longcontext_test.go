package cost

import (
	"math"
	"strings"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// TestLongContextOpsFromTables: with the cards' built-in kernel tables, DeepSeek-V3.2's
// indexer and sparse core on H800 and Qwen3-Next's Gated DeltaNet core on H20 are priced from
// their measured tables (InferSim's dsa and gdn benchmarks), and never below the ideal.
func TestLongContextOpsFromTables(t *testing.T) {
	for _, tc := range []struct {
		model, hw string
		context   int
		want      map[string]string // op (on the kind's layers) → table id its basis names
	}{
		{"deepseek-v3.2", "h800", 131072, map[string]string{
			"mla-dsa/moe indexer":        "h800/infersim/dsa-indexer/fp8",
			"mla-dsa/moe attention_core": "h800/infersim/sparse-mla-decode/fp8",
		}},
		{"qwen3-next-80b-a3b", "h20", 32768, map[string]string{
			"gdn/moe attention_core": "h20/infersim/gdn-decode/bf16",
		}},
	} {
		r, err := Roofline(builtin(t, tc.model), card(t, tc.hw), hardware.DefaultProfile(), AttentionStep{Sequences: 64, Context: tc.context, GPUs: 1}, RooflineOptions{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, o := range r.Ops {
			id, ok := tc.want[o.LayerKind+" "+o.Name]
			if !ok {
				continue
			}
			seen[o.LayerKind+" "+o.Name] = true
			if !strings.Contains(o.Basis, id) {
				t.Errorf("%s %s %s: basis %q, want table %s", tc.model, o.LayerKind, o.Name, o.Basis, id)
			}
			t.Logf("%s %s %s: ideal %.1f µs, calibrated %.1f µs (%s)", tc.model, o.LayerKind, o.Name, o.IdealSeconds*1e6, o.CalibratedSeconds*1e6, o.Basis)
			if o.CalibratedSeconds < o.IdealSeconds {
				t.Errorf("%s %s: calibrated %v below ideal %v", tc.model, o.Name, o.CalibratedSeconds, o.IdealSeconds)
			}
		}
		if len(seen) != len(tc.want) {
			t.Errorf("%s: ops %v, want %v", tc.model, seen, tc.want)
		}
	}
}

// TestIndexerWithMTP: in the deploy op list the lightning indexer reads each sequence's index
// keys once per step whatever the query length, as the core reads its KV: with 1 draft
// token (2 query tokens per sequence) DeepSeek-V3.2's indexer at C = 32768 doubles its FLOPs
// (2·64·129·32768 per query token) while its bytes grow only by its per-token activations —
// 64 sequences per micro-batch × ((64·128 + 64)·2 query and weights in + 2048·4 top-k out) =
// 64 × 24,704 = 1,581,056 B — not by another 64 × 132·32768 B of keys.
func TestIndexerWithMTP(t *testing.T) {
	m := builtin(t, "deepseek-v3.2")
	plan := EPPlan{Context: 32768, Hardware: card(t, "h800"), GPUs: 128, BatchPerGPU: 128, MicroBatches: 2, Assumptions: DefaultAssumptions(),
		Serving: Serving{MTP: MTP{DraftTokens: 1, AcceptRate: 0.6}, Breakdown: true}}
	indexer := func(p EPPlan) BreakdownOp {
		r, err := EvaluateEP(m, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range r.Breakdown {
			if o.Stage == "mla-dsa/moe" && o.Op == "indexer" {
				return o
			}
		}
		t.Fatal("no indexer op")
		return BreakdownOp{}
	}
	i1 := indexer(plan)
	plan.Serving.MTP = MTP{}
	i0 := indexer(plan)
	if !deployNear(i1.FLOPs, 2*i0.FLOPs) || !deployNear(i1.Bytes-i0.Bytes, 64*((64*128+64)*2+2048*4)) {
		t.Errorf("indexer with MTP: %v FLOPs %v B; without %v FLOPs %v B", i1.FLOPs, i1.Bytes, i0.FLOPs, i0.Bytes)
	}
	if !strings.Contains(i0.Basis, "dsa-indexer") {
		t.Errorf("indexer basis %q, want the H800 dsa-indexer table", i0.Basis)
	}
}

// The indexer's per-token activations are one formula (indexerActivationBytes) for the
// roofline and the deployment: DeepSeek-V3.2, 64 index heads of 128, top-2048: (64·128 +
// 64) × 2 B + 2048 × 4 B = 16,512 + 8,192 = 24,704 B at 128K; at C = 1,000 only 1,000
// indices: 16,512 + 4,000 = 20,512 B. The router is in RouterFormat, BF16.
func TestIndexerActivationBytesAndRouterFormat(t *testing.T) {
	m := builtin(t, "deepseek-v3.2")
	var a model.Attention
	for _, k := range m.Kinds() {
		if k.Layer.Attention.HasIndexer() {
			a = k.Layer.Attention
			break
		}
	}
	if got := indexerActivationBytes(a, 131072); got != 24704 {
		t.Errorf("indexer bytes per token at 128K %v, want 24704", got)
	}
	if got := indexerActivationBytes(a, 1000); got != 20512 {
		t.Errorf("indexer bytes per token at 1000 %v, want 20512", got)
	}
	if RouterFormat.Bytes() != 2 {
		t.Errorf("RouterFormat %v, want BF16", RouterFormat)
	}
}

// TestDeepSeekV3CoreFP8KVOnH800: with the report's FP8 profile DeepSeek-V3's MLA core asks
// for FP8 KV and FP8 compute; H800's only MLA table is FlashMLA's BF16 one, which computes in
// BF16 (pricing.go, coreFromOtherKV). 64 sequences at 4096 on one H800, a measured point of
// h800/infersim/mla-decode/bf16: 155.153 µs. FLOPs 4·128·576·4096 × 64 = 77,309,411,328
// (78.169 µs at 989 TFLOP/s BF16); FP8 latent 576·4096 × 64 = 150,994,944 B, q and o
// 81,920 × 64 = 5,242,880 B, so 156,237,824 B (46.638 µs at 3.35 TB/s) and, with the latent
// in BF16, 307,232,768 B (91.711 µs). The BF16 kernel is memory-bound at this shape by its
// own roofline, compute-bound with FP8 KV: 155.153 × 78.169 / 91.711 = 132.24 µs (585
// TFLOP/s), not the profile's FP8 max(77.3e9 / (0.656·1980e12), 156.2e6 / (0.841·3.35e12))
// + 3.81 µs = 63.3 µs. Ideal stays FP8 at 100%: max(39.045, 46.638) = 46.638 µs.
func TestDeepSeekV3CoreFP8KVOnH800(t *testing.T) {
	r, err := Roofline(builtin(t, "deepseek-v3"), card(t, "h800"), hardware.DefaultProfile(), AttentionStep{Sequences: 64, Context: 4096, GPUs: 1}, RooflineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	const flops, bytes, kv = 77309411328.0, 156237824.0, 150994944.0
	want := 155.153e-6 * (flops / 989e12) / ((bytes + kv) / 3.35e12)
	for _, o := range r.Ops {
		if o.LayerKind != "mla/moe" || o.Name != "attention_core" {
			continue
		}
		if o.FLOPs != flops || o.Bytes != bytes || o.CacheBytes != kv {
			t.Fatalf("FLOPs %v, bytes %v, KV %v; want %v, %v, %v", o.FLOPs, o.Bytes, o.CacheBytes, flops, bytes, kv)
		}
		if math.Abs(o.CalibratedSeconds-want) > 1e-12 || math.Abs(want-132.24e-6) > 0.01e-6 {
			t.Errorf("calibrated %v s, want %v s (132.24 µs)", o.CalibratedSeconds, want)
		}
		if o.IdealSeconds != bytes/3.35e12 {
			t.Errorf("ideal %v s, want %v s", o.IdealSeconds, bytes/3.35e12)
		}
		if b := "table:h800/infersim/mla-decode/bf16 (fp8 kv, bf16 compute)"; o.Basis != b {
			t.Errorf("basis %q, want %q", o.Basis, b)
		}
		return
	}
	t.Fatal("no mla/moe attention_core")
}
