package kernels

import (
	"bytes"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/decost/decost/precision"
)

func mustTable(t testing.TB, info Info, pts ...Point) *Table {
	t.Helper()
	tb, err := NewTable(info, pts)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func pt(us float64, shape ...float64) Point { return Point{Shape: shape, Seconds: us * 1e-6} }

// near reports whether got is within 1e-9 relative of want.
func near(got, want float64) bool { return math.Abs(got-want) <= 1e-9*math.Abs(want) }

// A synthetic GEMM table whose log-log interpolation is easy to do by hand:
//
//	n=1000, k=1000: m=10 → 10 µs, m=1000 → 40 µs
//	n=4000, k=1000: m=10 → 40 µs, m=1000 → 160 µs
func synthGEMM(t testing.TB) *Table {
	return mustTable(t, Info{ID: "x1/test/gemm/fp8", Card: "x1", Op: OpGEMM, DType: precision.FP8, Source: "hand-made"},
		pt(10, 1000, 1000, 10), pt(40, 1000, 1000, 1000), pt(40, 4000, 1000, 10), pt(160, 4000, 1000, 1000))
}

func TestGEMMInterpolation(t *testing.T) {
	s := NewSet("x1", synthGEMM(t))
	const in, out = Basis("table:x1/test/gemm/fp8"), Basis("table:x1/test/gemm/fp8 (outside grid)")
	for _, c := range []struct {
		name    string
		m, n, k int
		wantUS  float64
		basis   Basis
	}{
		{"measured point", 1000, 4000, 1000, 160, in},
		// w = ln(100/10)/ln(1000/10) = 1/2; ln t = ln 10 + ½·ln(40/10) → t = 10·√4 = 20 µs.
		{"between m", 100, 1000, 1000, 20, in},
		// at n=1000: 20 µs; at n=4000: 40·√4 = 80 µs; w = ln 2/ln 4 = ½ → √(20·80) = 40 µs.
		{"between m and n", 100, 2000, 1000, 40, in},
		// m = 1000^(1/3)·10^(2/3) = 46.4: w = 1/3 → 10·4^(1/3) = 15.874 µs; m rounds to 46:
		// w = ln 4.6/ln 100 = 0.331378 → 10·4^0.331378 = 15.826 µs.
		{"third of the way", 46, 1000, 1000, 10 * math.Pow(4, math.Log(4.6)/math.Log(100)), in},
		{"below m: nearest", 5, 1000, 1000, 10, out},
		{"zero m: nearest", 0, 1000, 1000, 10, out},
		// above m: 40 µs × 2000/1000 = 80 µs.
		{"above m: proportional", 2000, 1000, 1000, 80, out},
		// above n: 160 µs × 8000/4000 = 320 µs.
		{"above n: proportional", 1000, 8000, 1000, 320, out},
		// one k measured: above and below it proportional (n=1000, m=1000: 40 µs × 2, × ½).
		{"above k", 1000, 1000, 2000, 80, out},
		{"below k", 1000, 1000, 500, 20, out},
		// below n: proportional, 40 µs × 500/1000 = 20 µs.
		{"below n", 1000, 500, 1000, 20, out},
		// below n at m=10: 10 µs × ½ = 5 µs, under the table's fastest 10 µs: the floor.
		{"launch floor", 10, 500, 1000, 10, out},
	} {
		sec, b, ok := s.GEMM(precision.FP8, c.m, c.n, c.k)
		if !ok || !near(sec, c.wantUS*1e-6) || b != c.basis {
			t.Errorf("%s: GEMM(m=%d, n=%d, k=%d) = %.6g µs %q %v, want %.6g µs %q", c.name, c.m, c.n, c.k, sec*1e6, b, ok, c.wantUS, c.basis)
		}
	}
	if _, _, ok := s.GEMM(precision.BF16, 100, 1000, 1000); ok {
		t.Error("no BF16 table: want ok=false")
	}
}

// The InferSim H800 GEMM table, m between 64 (10.881 µs) and 128 (11.714 µs) at k=7168,
// n=1536, m=100: w = ln(100/64)/ln 2 = 0.643856; ln t = ln 10.881 + w·ln(11.714/10.881) =
// 2.387107 + 0.643856×0.073766 = 2.434601 → 11.4103 µs.
func TestBuiltinInterpolation(t *testing.T) {
	s, _ := ForCard("h800")
	sec, b, ok := s.GEMM(precision.FP8, 100, 1536, 7168)
	if !ok || math.Abs(sec-11.4103e-6) > 0.0005e-6 || b != "table:h800/infersim/gemm/fp8" {
		t.Errorf("GEMM m=100 = %v %q, want 11.4103 µs from table:h800/infersim/gemm/fp8", sec, b)
	}
	// FlashMLA on H800, 128 heads, 1 query token, batch 64: kv 4096 → 155.153 µs,
	// kv 8192 → 288.668 µs; kv 6000: w = ln(6000/4096)/ln 2 = 0.550746; ln t = ln 155.153 +
	// w·ln(288.668/155.153) = 5.044411 + 0.550746×0.620871 = 5.386352 → 218.41 µs.
	sec, b, ok = s.MLADecode(precision.BF16, 64, 6000, 128, 1)
	if !ok || math.Abs(sec-218.41e-6) > 0.01e-6 || b != "table:h800/infersim/mla-decode/bf16" {
		t.Errorf("MLADecode = %v %q, want 218.41 µs", sec, b)
	}
	// MTP with one draft token: 256 rows, twice the measured 128: 2 × 155.153 µs.
	sec, b, _ = s.MLADecode(precision.BF16, 64, 4096, 128, 2)
	if !near(sec, 2*155.153e-6) || !b.Outside() {
		t.Errorf("MLADecode queryLen 2 = %v %q, want 310.306 µs outside grid", sec, b)
	}
	// 16 heads (TP 8): below the measured 128 rows → the 128-row time, outside grid.
	sec, b, _ = s.MLADecode(precision.BF16, 64, 4096, 16, 1)
	if sec != 155.153e-6 || !b.Outside() {
		t.Errorf("MLADecode 16 heads = %v %q, want 155.153 µs outside grid", sec, b)
	}
}

// Every measured point of every built-in table comes back exactly.
func TestBuiltinExactPoints(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range ts {
		s := NewSet(tb.Card, tb)
		for _, p := range tb.Points {
			sec, b, ok := s.Lookup(tb.Op, tb.DType, p.Shape...)
			if !ok || sec != p.Seconds || b != TableBasis(tb.ID) {
				t.Errorf("%s at %v = %v %q %v, want the measured %v", tb.ID, p.Shape, sec, b, ok, p.Seconds)
			}
		}
	}
}

// The DeepEP H800 low-latency dispatch (FP8, hidden 7168, top-8, 128 tokens per rank):
// EP 8 → 77 µs, EP 16 → 118 µs.
func TestAllToAll(t *testing.T) {
	tb := mustTable(t, Info{ID: "x1/deepep/dispatch/fp8", Card: "x1", Op: OpDispatch, DType: precision.FP8, Fabric: "rdma",
		Source: "hand-made", Params: map[string]float64{"hidden": 7168, "topk": 8}}, pt(77, 8, 128), pt(118, 16, 128))
	s := NewSet("x1", tb)
	for _, c := range []struct {
		name         string
		f            precision.Format
		ep           int
		tokens       float64
		hidden, topK int
		wantUS       float64
		outside      bool
	}{
		{"measured", precision.FP8, 8, 128, 7168, 8, 77, false},
		// w = ln(12/8)/ln 2 = 0.584963; 77·(118/77)^w = 77·e^(0.584963×0.426864) = 98.843 µs.
		{"between EP", precision.FP8, 12, 128, 7168, 8, 77 * math.Pow(118.0/77, math.Log(1.5)/math.Log(2)), false},
		// twice the tokens: twice the bytes at the achieved 98 GB/s: 154 µs.
		{"more tokens", precision.FP8, 8, 256, 7168, 8, 154, true},
		// BF16 dispatch: bytes per token ×2/(1+4/128) = ×1.939394 → 149.333 µs.
		{"bf16 from an fp8 table", precision.BF16, 8, 128, 7168, 8, 77 * 2 / (1 + 4.0/128), true},
		// top-4: half the bytes of the measured point at its achieved bandwidth, 38.5 µs,
		// but never below the table's fastest measurement: 77 µs.
		{"fewer bytes: floor", precision.FP8, 8, 128, 7168, 4, 77, true},
		// EP16 with 64 tokens per rank: half the bytes of the measured 118 µs, 59 µs, above
		// the 77 µs floor? No: 59 < 77, so the floor, 77 µs.
		{"fewer tokens at EP16: floor", precision.FP8, 16, 64, 7168, 8, 77, true},
		// EP16 with 96 tokens per rank: 118 × 96/128 = 88.5 µs, above the floor.
		{"fewer tokens at EP16: in proportion", precision.FP8, 16, 96, 7168, 8, 88.5, true},
		{"EP below: nearest", precision.FP8, 4, 128, 7168, 8, 77, true},
		{"EP above: nearest", precision.FP8, 256, 128, 7168, 8, 118, true},
	} {
		sec, b, ok := s.AllToAll(Dispatch, c.f, c.ep, c.tokens, c.hidden, c.topK)
		if !ok || !near(sec, c.wantUS*1e-6) || b.Outside() != c.outside {
			t.Errorf("%s: AllToAll = %.6g µs %q %v, want %.6g µs (outside grid %v)", c.name, sec*1e6, b, ok, c.wantUS, c.outside)
		}
	}
	if _, _, ok := s.AllToAll(Combine, precision.BF16, 8, 128, 7168, 8); ok {
		t.Error("no combine table: want ok=false")
	}
	if f := s.AllToAllFabric(Dispatch, precision.BF16); f != "rdma" {
		t.Errorf("dispatch fabric %q, want rdma", f)
	}
	if f := s.AllToAllFabric(Combine, precision.BF16); f != "" {
		t.Errorf("combine fabric %q, want none", f)
	}
}

func TestBorrowing(t *testing.T) {
	h800, from := ForCard("h800")
	if h800 == nil || from != "" {
		t.Fatalf("ForCard(h800) = %v, %q; want its own tables", h800, from)
	}
	h100, from := ForCard("h100")
	if h100 == nil || from != "h800" {
		t.Fatalf("ForCard(h100) borrowed from %q, want h800", from)
	}
	want, _, _ := h800.GEMM(precision.FP8, 256, 7168, 2048)
	got, b, ok := h100.GEMM(precision.FP8, 256, 7168, 2048)
	if !ok || got != want || b != "table:h800/infersim/gemm/fp8 (borrowed by h100)" || !b.Borrowed() || b.TableID() != "h800/infersim/gemm/fp8" {
		t.Errorf("h100 GEMM = %v %q, want h800's %v, marked borrowed", got, b, want)
	}
	if _, b, _ := h100.AllToAll(Combine, precision.BF16, 64, 256, 7168, 8); b != "table:h800/deepep-ll/combine/bf16 (borrowed by h100, outside grid)" || !b.Outside() || !b.Borrowed() {
		t.Errorf("h100 combine basis %q", b)
	}
	// H200: its own GEMMs, H800's RDMA all-to-all, no attention table (different HBM).
	h200, from := ForCard("h200")
	if h200 == nil || from != "h800" {
		t.Fatalf("ForCard(h200) borrowed from %q, want h800 (the RDMA all-to-all)", from)
	}
	if _, b, ok := h200.GEMM(precision.BF16, 128, 4096, 7168); !ok || b != "table:h200/cublas/gemm/bf16" {
		t.Errorf("h200 GEMM basis %q %v, want its own table", b, ok)
	}
	if _, _, ok := h200.GEMM(precision.FP8, 100, 1536, 7168); !ok {
		t.Error("h200 FP8 GEMM: want its own table")
	}
	if _, _, ok := h200.MLADecode(precision.BF16, 64, 4096, 128, 1); ok {
		t.Error("h200 MLA decode: H800's compute tables must not be lent to H200")
	}
	if _, b, ok := h200.AllToAll(Dispatch, precision.FP8, 32, 128, 7168, 8); !ok || b != "table:h800/deepep-ll/dispatch/fp8 (borrowed by h200)" {
		t.Errorf("h200 dispatch %q %v, want H800's, borrowed", b, ok)
	}
	if f, why := Loan("h100"); f != "h800" || why == "" {
		t.Errorf("Loan(h100) = %q, %q", f, why)
	}
	h20, from := ForCard("h20")
	if h20 == nil || from != "" {
		t.Errorf("ForCard(h20) = %v, %q", h20, from)
	}
	if s, _ := ForCard("mi300x"); s != nil {
		t.Error("mi300x has no tables, want nil")
	}
	var none *Set
	if _, _, ok := none.GEMM(precision.FP8, 1, 1, 1); ok {
		t.Error("nil set: want ok=false")
	}
}

func TestWith(t *testing.T) {
	base, _ := ForCard("h800")
	mine := mustTable(t, Info{ID: "h800/mine/gemm/fp8", Card: "h800", Op: OpGEMM, DType: precision.FP8, Source: "my run"}, pt(5, 1536, 7168, 128))
	s := base.With(mine)
	if sec, b, _ := s.GEMM(precision.FP8, 128, 1536, 7168); !near(sec, 5e-6) || b != "table:h800/mine/gemm/fp8" {
		t.Errorf("With: %v %q, want mine", sec, b)
	}
	if sec, _, _ := base.GEMM(precision.FP8, 128, 1536, 7168); sec != 11.714e-6 {
		t.Errorf("With changed the base set: %v", sec)
	}
	if _, _, ok := s.MLADecode(precision.BF16, 64, 4096, 128, 1); !ok {
		t.Error("With lost the other tables")
	}
	if got := (*Set)(nil).With(mine); got.Card() != "h800" || len(got.Tables()) != 1 {
		t.Errorf("nil.With = %v", got)
	}
}

// The other lookups reach their tables at a measured point.
func TestLookups(t *testing.T) {
	h800, _ := ForCard("h800")
	h20, _ := ForCard("h20")
	type lookup func() (float64, Basis, bool)
	for _, c := range []struct {
		name   string
		f      lookup
		wantUS float64
	}{
		// grouped_gemm/decode/h800: 256 experts on 32 GPUs (8 local), batch 64, top-8:
		// 64·8/8 = 64 tokens per expert; up (n = 2·2048, k = 7168) 102.33 µs, down 57.79 µs.
		{"grouped up", func() (float64, Basis, bool) { return h800.GroupedGEMM(precision.FP8, 8, 64, 4096, 7168) }, 102.33},
		{"grouped down", func() (float64, Basis, bool) { return h800.GroupedGEMM(precision.FP8, 8, 64, 7168, 2048) }, 57.79},
		// mha/decode/h800/32-8-128: batch 16, kv 4096 → 99.783 µs.
		{"gqa", func() (float64, Basis, bool) { return h800.GQADecode(precision.BF16, 16, 4096, 32, 8, 128, 1) }, 99.783},
		// dsa/decode/h800/logits-64-128: batch 64, next_n 2, s_kv 4096 → 22.353 µs.
		{"indexer", func() (float64, Basis, bool) { return h800.DSAIndexer(precision.FP8, 64, 4096, 64, 2) }, 22.353},
		// dsa/decode/h800/attn-128-576-2048: batch 64, kv 8192 → 96.312 µs.
		{"sparse mla", func() (float64, Basis, bool) { return h800.SparseMLADecode(precision.FP8, 64, 8192, 128, 1, 2048) }, 96.312},
		// gdn/decode/h20/4-16-128-32-128: batch 64: conv 18 + update 129 = 147 µs.
		{"gdn", func() (float64, Basis, bool) { return h20.GDNDecode(precision.BF16, 64, 32) }, 147},
		// deepep_h800.csv low_latency EP 64: dispatch 173 µs, combine 314 µs.
		{"dispatch", func() (float64, Basis, bool) { return h800.AllToAll(Dispatch, precision.FP8, 64, 128, 7168, 8) }, 173},
		{"combine", func() (float64, Basis, bool) { return h800.AllToAll(Combine, precision.BF16, 64, 128, 7168, 8) }, 314},
	} {
		sec, b, ok := c.f()
		if !ok || !near(sec, c.wantUS*1e-6) || b.Outside() || !b.IsTable() {
			t.Errorf("%s = %v µs %q %v, want %v µs inside a table", c.name, sec*1e6, b, ok, c.wantUS)
		}
	}
	// Sparse MLA beyond the measured 131072 tokens: the top-k bounds the work (nearest).
	sec, b, _ := h800.SparseMLADecode(precision.FP8, 64, 262144, 128, 1, 2048)
	if sec != 96.536e-6 || !b.Outside() {
		t.Errorf("sparse MLA at 256k = %v %q, want the 128k time 96.536 µs, outside grid", sec, b)
	}
}

func TestBasis(t *testing.T) {
	for _, c := range []struct {
		b                        Basis
		table, outside, borrowed bool
		id                       string
	}{
		{"table:h800/infersim/gemm/fp8", true, false, false, "h800/infersim/gemm/fp8"},
		{"table:h800/infersim/gemm/fp8 (outside grid)", true, true, false, "h800/infersim/gemm/fp8"},
		{"table:h800/infersim/gemm/fp8 (borrowed by h100, outside grid)", true, true, true, "h800/infersim/gemm/fp8"},
		{ProfileBasis("h200-calibrated"), false, false, false, ""},
		{Ideal, false, false, false, ""},
	} {
		if c.b.IsTable() != c.table || c.b.Outside() != c.outside || c.b.Borrowed() != c.borrowed || c.b.TableID() != c.id {
			t.Errorf("%q: table %v outside %v borrowed %v id %q", c.b, c.b.IsTable(), c.b.Outside(), c.b.Borrowed(), c.b.TableID())
		}
	}
}

func TestReadWriteRoundTrip(t *testing.T) {
	ts, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteAll(&buf, ts); err != nil {
		t.Fatal(err)
	}
	back, err := ReadAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(ts) {
		t.Fatalf("%d tables back, wrote %d", len(back), len(ts))
	}
	for i := range ts {
		a, b := ts[i], back[i]
		if a.ID != b.ID || a.Card != b.Card || a.Op != b.Op || a.DType != b.DType || a.Fabric != b.Fabric || a.Source != b.Source || len(a.Points) != len(b.Points) {
			t.Errorf("%s: read back as %+v", a.ID, b.Info)
			continue
		}
		for j := range a.Points {
			if a.Points[j].Seconds != b.Points[j].Seconds {
				t.Errorf("%s point %d: %v, read back %v", a.ID, j, a.Points[j].Seconds, b.Points[j].Seconds)
				break
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	head := "id: x/y/gemm/fp8\ncard: x\nop: gemm\ndtype: fp8\nsource: s\n"
	a2a := "id: x/y/dispatch/fp8\ncard: x\nop: dispatch\ndtype: fp8\nsource: s\nfabric: rdma\n"
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "no table"},
		{"no header", head, "no CSV header"},
		{"no id", "card: x\nop: gemm\ndtype: fp8\nsource: s\nn,k,m,latency_us\n1,1,1,1\n", `missing "id:"`},
		{"no source", "id: x\ncard: x\nop: gemm\ndtype: fp8\nn,k,m,latency_us\n1,1,1,1\n", `missing "source:"`},
		{"unknown op", "id: x\nop: conv\n", `line 2: op: unknown op class "conv"`},
		{"unknown key", "id: x\ncolour: red\n", `line 2: unknown key "colour"`},
		{"unknown param", head + "hidden: 7168\n", `line 6: unknown key "hidden" for gemm`},
		{"dup key", head + "card: z\n", "line 6: card given twice"},
		{"bad dtype", "id: x\ncard: x\nop: gemm\ndtype: fp7\nsource: s\nn,k,m,latency_us\n1,1,1,1\n", `dtype: unknown precision "fp7"`},
		{"bad id", "id: x y\ncard: x\nop: gemm\ndtype: fp8\nsource: s\nn,k,m,latency_us\n1,1,1,1\n", "must be non-empty names"},
		{"missing column", head + "n,k,latency_us\n", "line 6: missing column m"},
		{"unknown column", head + "n,k,m,t,latency_us\n", `line 6: unknown column "t" for gemm`},
		{"column twice", head + "n,k,m,m,latency_us\n", "line 6: column m twice"},
		{"no latency", head + "n,k,m\n", "line 6: missing column latency_us"},
		{"short row", head + "n,k,m,latency_us\n1,2,3\n", "line 7: 3 fields, want 4"},
		{"negative", head + "n,k,m,latency_us\n1,2,-3,4\n", `line 7: m: want a positive number, got "-3"`},
		{"zero latency", head + "n,k,m,latency_us\n1,2,3,0\n", `line 7: latency_us: want a positive number of µs, got "0"`},
		{"NaN", head + "n,k,m,latency_us\n1,2,3,NaN\n", `latency_us: want a positive number of µs, got "NaN"`},
		{"twice", head + "n,k,m,latency_us\n1,2,3,4\n1,2,3,5\n", "shape [1 2 3] measured twice"},
		{"no points", head + "n,k,m,latency_us\n", "no measurements"},
		{"a2a without params", a2a + "ep,tokens_per_rank,latency_us\n8,128,77\n", `need a positive parameter "hidden"`},
		{"a2a without fabric", strings.Replace(a2a, "fabric: rdma\n", "", 1) + "hidden: 1\ntopk: 1\nep,tokens_per_rank,latency_us\n8,128,77\n", "must say rdma or nvlink"},
		{"fabric on gemm", head + "fabric: rdma\nn,k,m,latency_us\n1,2,3,4\n", "only dispatch and combine"},
		{"two tables for Read", head + "n,k,m,latency_us\n1,2,3,4\n---\n" + head + "n,k,m,latency_us\n1,2,3,4\n", "holds 2 tables, want 1"},
		{"long line", head + "# " + strings.Repeat("x", MaxLineBytes) + "\n", "longer than 4096 bytes"},
		{"huge file", head + "n,k,m,latency_us\n" + strings.Repeat("# padding padding padding padding\n", MaxTableBytes/34+1), "larger than 8388608 bytes"},
	} {
		_, err := Read(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

func TestOpsAndAxes(t *testing.T) {
	if len(Ops()) != numOps || len(opSpecs) != numOps {
		t.Fatalf("%d ops, %d specs, numOps %d", len(Ops()), len(opSpecs), numOps)
	}
	for i, op := range Ops() {
		if opSpecs[i].op != op || opIndex(op) != i || len(Axes(op)) > maxAxes || len(Axes(op)) == 0 {
			t.Errorf("op %s: spec %s, axes %v", op, opSpecs[i].op, Axes(op))
		}
	}
	if Axes("conv") != nil {
		t.Error("Axes of an unknown op: want nil")
	}
}

// TestDeepGEMMCrossCheck compares DeepGEMM's README numbers with InferSim's table for the
// same H800 FP8 GEMMs (inside InferSim's grid). They are independent measurements of the
// same kernels and disagree by up to ~1.6× (InferSim slower at m ≤ 128, faster at 4096:
// see data/README.md); a ratio outside 0.5–2 would mean a unit or axis mix-up.
func TestDeepGEMMCrossCheck(t *testing.T) {
	ts, _ := Builtin()
	var dg *Table
	for _, tb := range ts {
		if tb.ID == "h800/deepgemm/gemm/fp8" {
			dg = tb
		}
	}
	s, _ := ForCard("h800")
	checked := 0
	for _, p := range dg.Points {
		sec, b, ok := s.GEMM(precision.FP8, int(p.Shape[2]), int(p.Shape[0]), int(p.Shape[1]))
		if !ok || b.TableID() != "h800/infersim/gemm/fp8" {
			t.Fatalf("h800 GEMM from %q, want InferSim's table first", b)
		}
		r := sec / p.Seconds
		t.Logf("n=%g k=%g m=%g: DeepGEMM %.2f µs, InferSim %.2f µs (%s), ratio %.2f", p.Shape[0], p.Shape[1], p.Shape[2], p.Seconds*1e6, sec*1e6, b, r)
		if b.Outside() {
			continue
		}
		checked++
		if r < 0.5 || r > 2 {
			t.Errorf("n=%g k=%g m=%g: InferSim/DeepGEMM = %.2f", p.Shape[0], p.Shape[1], p.Shape[2], r)
		}
	}
	if checked != 15 {
		t.Errorf("%d shapes inside both, want 15", checked)
	}
}

// The fast path of microsToSeconds reads the same float as strconv does for the decimal.
func TestMicrosToSeconds(t *testing.T) {
	for _, s := range []string{"11.714", "0.5", "1", "100", "2523.59", "0.000001", "123456789012345", "1234567890123456", "007.50", "1e3", "1.5E-2", "96.536", "0.1"} {
		got, err := microsToSeconds(s)
		want, err2 := strconv.ParseFloat(strings.TrimLeft(s, "0")+"e-6", 64)
		if s == "1e3" {
			want, err2 = 1e-3, nil
		}
		if s == "1.5E-2" {
			want, err2 = 1.5e-8, nil
		}
		if err != nil || err2 != nil || got != want {
			t.Errorf("microsToSeconds(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"", ".", "1.2.3", "-", "abc", "0x10", "1e", "inf"} {
		if v, err := microsToSeconds(s); err == nil && v > 0 {
			t.Errorf("microsToSeconds(%q) = %v, want an error", s, v)
		}
	}
}

// Every built-in table is documented in data/README.md and names its source.
func TestBuiltinDocumented(t *testing.T) {
	readme, err := os.ReadFile("data/README.md")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat("data/LICENSE-InferSim"); err != nil {
		t.Errorf("InferSim's licence must stay beside the data derived from it: %v", err)
	}
	ts, _ := Builtin()
	for _, tb := range ts {
		if !strings.Contains(string(readme), "`"+tb.ID+"`") {
			t.Errorf("%s is not listed in data/README.md", tb.ID)
		}
		if !strings.Contains(tb.Source, "commit") && !strings.Contains(tb.Source, "h200/gemm.csv") {
			t.Errorf("%s: source %q names no commit", tb.ID, tb.Source)
		}
	}
}
