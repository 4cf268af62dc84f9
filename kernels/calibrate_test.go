package kernels

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/decost/decost/precision"
)

// The H200 measurement CSV builds the same GEMM tables as the built-in ones converted from
// it (79 BF16 points: 13 T × 6 expert shapes + the 8192³ peak; 55 FP8: 9 × 6 + 1).
func TestBuilderMeasurementCSV(t *testing.T) {
	f, err := os.Open("../testdata/h200/gemm.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := NewBuilder("h200")
	ms, err := b.ReadCSV(f, "gemm.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 136 {
		t.Errorf("%d measurement rows returned for the fit, want 136", len(ms))
	}
	ts, err := b.Tables()
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].ID != "h200/measured/gemm/bf16" || ts[1].ID != "h200/measured/gemm/fp8" {
		t.Fatalf("tables %v", ids(ts))
	}
	builtin, _ := ForCard("h200")
	for _, tb := range ts {
		if !strings.Contains(tb.Source, "gemm.csv") {
			t.Errorf("%s: source %q does not name the file", tb.ID, tb.Source)
		}
		for _, p := range tb.Points {
			want, _, ok := builtin.Lookup(OpGEMM, tb.DType, p.Shape...)
			if !ok || want != p.Seconds {
				t.Errorf("%s at %v: %v, built-in %v", tb.ID, p.Shape, p.Seconds, want)
			}
		}
	}
	if n := len(ts[0].Points) + len(ts[1].Points); n != 79+55 {
		t.Errorf("%d points, want 134", n)
	}
}

func ids(ts []*Table) []string {
	var s []string
	for _, t := range ts {
		s = append(s, t.ID)
	}
	return s
}

func TestBuilderKernelCSV(t *testing.T) {
	in := `op,dtype,m,n,k,batch,kv_len,rows,ep,tokens_per_rank,hidden,topk,fabric,latency_us
# a comment line
gemm,bf16,128,4096,7168,,,,,,,,,21.5
gemm,bf16,256,4096,7168,,,,,,,,,30
mla-decode,bf16,,,,64,4096,128,,,,,,150
dispatch,fp8,,,,,,,16,128,7168,8,rdma,120
`
	b := NewBuilder("h100")
	if ms, err := b.ReadCSV(strings.NewReader(in), "mine.csv"); err != nil || ms != nil {
		t.Fatalf("ReadCSV = %v, %v", ms, err)
	}
	ts, err := b.Tables()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids(ts), " "); got != "h100/measured/gemm/bf16 h100/measured/mla-decode/bf16 h100/measured/dispatch/fp8" {
		t.Fatalf("tables %s", got)
	}
	s := NewSet("h100", ts...)
	// between m=128 (21.5 µs) and 256 (30 µs): m=181 → 21.5·(30/21.5)^(ln(181/128)/ln 2).
	sec, b2, ok := s.GEMM(precision.BF16, 181, 4096, 7168)
	if w := 21.5e-6 * pow(30/21.5, ln(181.0/128)/ln(2)); !ok || !near(sec, w) || b2 != "table:h100/measured/gemm/bf16" {
		t.Errorf("GEMM = %v %q, want %v", sec, b2, w)
	}
	if sec, _, ok := s.AllToAll(Dispatch, precision.FP8, 16, 128, 7168, 8); !ok || sec != 120e-6 {
		t.Errorf("dispatch = %v %v, want 120 µs", sec, ok)
	}
}

func TestBuilderErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"unknown column", "op,dtype,latency_us,colour\n", `mine.csv line 1: unknown column "colour"`},
		{"no op", "dtype,m,n,k,latency_us\nbf16,1,2,3,4\n", `mine.csv line 1: no "op" column`},
		{"bad op", "op,dtype,m,n,k,latency_us\nconv,bf16,1,2,3,4\n", `mine.csv line 2: op: unknown op class "conv"`},
		{"missing axis", "op,dtype,m,n,latency_us\ngemm,bf16,1,2,4\n", `mine.csv line 2: a gemm row needs a "k" column`},
		{"empty axis", "op,dtype,m,n,k,latency_us\ngemm,bf16,1,,3,4\n", `mine.csv line 2: n: want a positive number, got ""`},
		{"bad latency", "op,dtype,m,n,k,latency_us\ngemm,bf16,1,2,3,-4\n", `mine.csv line 2: latency_us: want a positive number of µs, got "-4"`},
		{"twice", "op,dtype,m,n,k,latency_us\ngemm,bf16,1,2,3,4\ngemm,bf16,1,2,3,5\n", "mine.csv line 3: gemm bf16 shape [2 3 1] (n, k, m) measured again (first at mine.csv line 2)"},
		{"no fabric", "op,dtype,ep,tokens_per_rank,hidden,topk,latency_us\ndispatch,fp8,8,128,7168,8,77\n", `mine.csv line 2: fabric: want rdma or nvlink`},
		{"no rows", "op,dtype,m,n,k,latency_us\n", "no kernel rows"},
		{"measurement CSV error", "kind,dtype,ms,flops,bytes\nexpert_gemm,bf16,abc,1,1\n", `mine.csv: measurements line 2: ms: "abc" is not a number`},
		{"long line", "op,dtype,latency_us\n" + strings.Repeat("x", 70000) + "\n", "mine.csv: line 2: longer than 65536 bytes; not a measurement CSV"},
	} {
		b := NewBuilder("h100")
		_, err := b.ReadCSV(strings.NewReader(c.in), "mine.csv")
		if err == nil {
			_, err = b.Tables()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
		}
	}
}

func pow(x, y float64) float64 { return math.Pow(x, y) }
func ln(x float64) float64     { return math.Log(x) }
