package cost

import (
	"math"
	"strings"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
	"github.com/decost/decost/precision"
)

// coreTestTables are decode-attention tables of a made-up card "test": a BF16-KV MLA table,
// an FP8-KV sparse MLA table and a BF16-KV GQA table of one layout (head dim 128, 8 KV heads,
// 4 query heads per KV head). Latencies are round numbers so the expectations below can be
// worked by hand.
const coreTestTables = `id: test/t/mla-decode/bf16
card: test
impl: t
op: mla-decode
dtype: bf16
source: hand-made for pricing_test.go
rows,batch,kv_len,latency_us
128,16,1024,30
128,16,4096,60
128,64,1024,100
128,64,4096,200
---
id: test/t/sparse-mla-decode/fp8
card: test
impl: t
op: sparse-mla-decode
dtype: fp8
source: hand-made for pricing_test.go
rows,topk,batch,kv_len,latency_us
128,2048,16,1024,40
128,2048,16,4096,45
128,2048,64,1024,90
128,2048,64,4096,100
---
id: test/t/gqa-decode/bf16
card: test
impl: t
op: gqa-decode
dtype: bf16
source: hand-made for pricing_test.go
head_dim,kv_heads,group_rows,batch,kv_len,latency_us
128,8,4,16,1024,20
128,8,4,16,4096,30
128,8,4,64,1024,50
128,8,4,64,4096,80
`

// TestCoreFromOtherKV: a decode-attention core whose KV format has no table is priced from the
// other KV format's kernel at the shape, that kernel computing in BF16:
// time = measured × max(F/peakBF16, bytes/bw) / max(F/peakBF16, bytesTable/bw), bytesTable =
// bytes with the KV cache in the table's format. The card: BF16 1 PFLOP/s, FP8 2 PFLOP/s,
// 1 TB/s, so 1e10 FLOPs of BF16 take 10 µs and 1e7 bytes 10 µs.
func TestCoreFromOtherKV(t *testing.T) {
	tables, err := kernels.ReadAll(strings.NewReader(coreTestTables))
	if err != nil {
		t.Fatal(err)
	}
	hw := hardware.Accelerator{ID: "test", PeakFLOPsPerSecond: hardware.Peaks{BF16: 1e15, FP8: 2e15}, MemoryBytesPerSecond: 1e12}
	prof := hardware.Profile{Name: "half", ComputeFraction: hardware.ComputeFractions{BF16: 0.5, FP8: 0.5}, BandwidthFraction: 0.5}
	pr := newPricer(hw, prof, kernels.NewSet("test", tables...), DefaultMinKernelSeconds)
	mla, sparse, gqa := "table:test/t/mla-decode/bf16", "table:test/t/sparse-mla-decode/fp8", "table:test/t/gqa-decode/bf16"
	for _, tc := range []struct {
		name                   string
		heads                  int // query heads; 0 means 128 (MLA) or 32 (GQA)
		class                  opClass
		compute, kv            precision.Format
		kvHeads, context       int
		flops, cache, act      float64 // FLOPs; KV bytes in kv; q and o bytes
		wantIdeal, wantCal     float64 // µs
		wantBasis              string
		wantBoundIsMemoryBound bool
	}{
		// FP8 KV, FP8 compute asked; the BF16 table's 200 µs at 64 × 4096. BF16 compute 1e11
		// FLOPs = 100 µs; bytes 4e7 + 1e6 = 41 µs, with the KV in BF16 8e7 + 1e6 = 81 µs. The
		// kernel is compute-bound by its own roofline (100 > 81) and still so with FP8 KV: the
		// measured 200 µs stands; the byte ratio does not apply. Ideal: max(1e11 / 2e15 = 50,
		// 41) = 50 µs, compute-bound.
		{"mla compute-bound", 0, classMLA, precision.FP8, precision.FP8, 1, 4096, 1e11, 4e7, 1e6, 50, 200, mla + " (fp8 kv, bf16 compute)", false},
		// 64 × 1024, 100 µs, 2e10 FLOPs = 20 µs of BF16. Memory-bound in the table (81 > 20)
		// and with FP8 KV (41 > 20): 100 × 41 / 81 = 50.617 µs, the byte ratio in full.
		// Ideal max(2e10 / 2e15 = 10, 41) = 41 µs.
		{"mla memory-bound", 0, classMLA, precision.FP8, precision.FP8, 1, 1024, 2e10, 4e7, 1e6, 41, 100 * 41.0 / 81, mla + " (fp8 kv, bf16 compute)", true},
		// 6e10 FLOPs = 60 µs: memory-bound in the table (81 > 60), compute-bound with FP8 KV
		// (60 > 41): the byte ratio applies down to the compute roof, 100 × 60 / 81 = 74.074
		// µs. Ideal max(30, 41) = 41 µs.
		{"mla crosses the ridge", 0, classMLA, precision.FP8, precision.FP8, 1, 1024, 6e10, 4e7, 1e6, 41, 100 * 60.0 / 81, mla + " (fp8 kv, bf16 compute)", true},
		// BF16 KV has its own table: the measured 200 µs, no note. Ideal max(50, 81) = 81 µs.
		{"mla own table", 0, classMLA, precision.FP8, precision.BF16, 1, 4096, 1e11, 8e7, 1e6, 81, 200, mla, true},
		// Sparse MLA with BF16 KV from the FP8-KV table (100 µs at 64 × 4096, top-k 2048):
		// 4e10 FLOPs = 40 µs; bytes 6e7 + 1e6 = 61 µs, with FP8 KV 3e7 + 1e6 = 31 µs. The
		// kernel is compute-bound (40 > 31), memory-bound with BF16 KV: 100 × 61 / 40 = 152.5
		// µs — more than the FP8 table's 100, not the profile's max(40/0.5, 61/0.5) = 122 µs
		// flat rate. Ideal (BF16 compute asked) max(40, 61) = 61 µs.
		{"sparse bf16 kv", 0, classSparseMLA, precision.BF16, precision.BF16, 1, 4096, 4e10, 6e7, 1e6, 61, 152.5, sparse + " (bf16 kv, bf16 compute)", true},
		// GQA, FP8 KV, layout measured in BF16 (head dim 128, 8 KV heads, 32 query heads):
		// 80 µs at 64 × 4096; 1e10 FLOPs = 10 µs; bytes 2e7 + 1e6 = 21 µs, BF16 KV 41 µs:
		// 80 × 21 / 41 = 40.976 µs. Ideal max(5, 21) = 21 µs.
		{"gqa fp8 kv", 0, classGQA, precision.FP8, precision.FP8, 8, 4096, 1e10, 2e7, 1e6, 21, 80 * 21.0 / 41, gqa + " (fp8 kv, bf16 compute)", true},
		// MLA with 16 heads (128 over TP8): below the table's 128 rows, which would keep the
		// 128-head time; the profile, max(1e10 / (0.5·2e15), 4.1e7 / (0.5·1e12)) = max(10,
		// 82) = 82 µs. Ideal max(5, 41) = 41 µs.
		{"mla heads below the grid", 16, classMLA, precision.FP8, precision.FP8, 1, 4096, 1e10, 4e7, 1e6, 41, 82, "profile:half", true},
		// A layout no table measured (4 KV heads): the profile, max(5/0.5, 21/0.5) = 42 µs.
		{"gqa unmeasured layout", 0, classGQA, precision.FP8, precision.FP8, 4, 4096, 1e10, 2e7, 1e6, 21, 42, "profile:half", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := pr.roofFor(tc.compute, tc.class)
			r.tableDType, r.heads, r.kvHeads, r.headDim, r.context, r.topK = tc.kv, tc.heads, tc.kvHeads, 128, tc.context, 2048
			if r.heads == 0 && tc.class == classGQA {
				r.heads = 32
			} else if r.heads == 0 {
				r.heads = 128
			}
			pr.probeLayout(&r)
			p := pr.price(&r, tc.flops, tc.cache+tc.act, tc.cache, 0, 0, 64, 1)
			if math.Abs(p.ideal*1e6-tc.wantIdeal) > 1e-9 || math.Abs(p.calibrated*1e6-tc.wantCal) > 1e-9 || p.basisString() != tc.wantBasis {
				t.Errorf("ideal %v µs, calibrated %v µs, basis %q; want %v, %v, %q",
					p.ideal*1e6, p.calibrated*1e6, p.basisString(), tc.wantIdeal, tc.wantCal, tc.wantBasis)
			}
			if (p.bound == hardware.MemoryBound) != tc.wantBoundIsMemoryBound {
				t.Errorf("bound %s", p.bound)
			}
		})
	}
}
