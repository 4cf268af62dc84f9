package hardware

import (
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/decost/decost/precision"
)

func readH200(t *testing.T) []Measurement {
	t.Helper()
	f, err := os.Open("../testdata/h200/gemm.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms, err := ReadMeasurements(f)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func TestReadMeasurements(t *testing.T) {
	ms := readH200(t)
	// 136 rows after the header: copy, read, 2 gemm_peak, 132 expert GEMMs.
	if len(ms) != 136 {
		t.Fatalf("%d rows, want 136", len(ms))
	}
	// Line 6: expert_gemm,step3,bf16,gate_up,1,1,10240,7168,0.03735199868679047,146800640,146835456
	m := ms[4]
	if m.Line != 6 || m.Kind != "expert_gemm" || m.Model != "step3" || m.Format != precision.BF16 || m.Method != "gate_up" ||
		m.Tokens != 1 || m.N != 10240 || m.K != 7168 || m.Seconds != 0.03735199868679047/1e3 ||
		m.FLOPs != 146800640 || m.Bytes != 146835456 {
		t.Errorf("row 5 = %+v", m)
	}
	if m.Label() != "expert_gemm step3 bf16 gate_up T=1" {
		t.Errorf("label %q", m.Label())
	}
	// Every GEMM row's flops are 2·T·N·K.
	for _, m := range ms {
		if m.Kind == "expert_gemm" && m.FLOPs != 2*float64(m.Tokens)*float64(m.N)*float64(m.K) {
			t.Errorf("line %d: flops %v != 2·T·N·K", m.Line, m.FLOPs)
		}
	}
}

// TestReadMeasurementsErrors: each bad file is refused with the line and the field.
func TestReadMeasurementsErrors(t *testing.T) {
	const head = "kind,model,dtype,method,T,M,N,K,ms,flops,bytes\n"
	const good = "expert_gemm,step3,bf16,down,1,1,7168,5120,0.026,73400320,73424896\n"
	if _, err := ReadMeasurements(strings.NewReader(head + good)); err != nil {
		t.Fatalf("good file: %v", err)
	}
	for _, tc := range []struct{ csv, says string }{
		{"", "empty"},
		{head, "no rows"},
		{"kind,dtype,flops,bytes\n" + good, `no "ms" column`},
		{head + good + "expert_gemm,step3,bf16,down,1,1,7168,5120,abc,73400320,73424896\n", `line 3: ms: "abc" is not a number`},
		{head + "expert_gemm,step3,bf16,down,1,1,7168,5120,0,73400320,73424896\n", "line 2: ms: must be a finite positive"},
		{head + "expert_gemm,step3,bf16,down,1,1,7168,5120,-1,73400320,73424896\n", "line 2: ms"},
		{head + "expert_gemm,step3,bf16,down,1,1,7168,5120,NaN,73400320,73424896\n", "line 2: ms"},
		{head + "expert_gemm,step3,bf16,down,1,1,7168,5120,0.1,-5,73424896\n", "line 2: flops"},
		{head + "expert_gemm,step3,bf16,down,1,1,7168,5120,0.1,5,Inf\n", "line 2: bytes"},
		{head + "expert_gemm,step3,bf16,down,1,1,7168,5120,0.1,0,0\n", "line 2: flops and bytes"},
		{head + "expert_gemm,step3,fp7,down,1,1,7168,5120,0.1,5,5\n", `line 2: dtype: unknown precision "fp7"`},
		{head + "expert_gemm,step3,bf16,down,x,1,7168,5120,0.1,5,5\n", `line 2: T: "x"`},
		{head + ",step3,bf16,down,1,1,7168,5120,0.1,5,5\n", "line 2: kind: empty"},
		{head + "expert_gemm,step3,bf16\n", "line 2: 3 fields, want 11"},
		{head + "expert_gemm,\"step3,bf16,down,1,1,7168,5120,0.1,5,5\n", "measurements"},
		// two kind columns: which one is the kind? (was accepted, the second silently won)
		{"kind,kind,dtype,ms,flops,bytes\ncopy,read,bf16,1,1,1\n", `line 1: column "kind" twice (fields 1 and 2)`},
		{"kind,dtype,ms,flops,bytes, ms\ncopy,bf16,1,1,1,2\n", `line 1: column "ms" twice (fields 3 and 6)`},
	} {
		_, err := ReadMeasurements(strings.NewReader(tc.csv))
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: error %v, want one containing %q", tc.csv, err, tc.says)
		}
	}
}

// endless repeats a line forever, like /dev/zero or a file of one 300 MB line.
type endless struct {
	b []byte
	i int
}

func (e *endless) Read(p []byte) (int, error) {
	for n := range p {
		p[n] = e.b[e.i%len(e.b)]
		e.i++
	}
	return len(p), nil
}

// TestReadMeasurementsBounded: an endless input fails on a cap, having allocated memory bounded
// by the caps and not by the input (before the caps, /dev/zero grew to 19 GB in 60 s).
func TestReadMeasurementsBounded(t *testing.T) {
	header := "kind,dtype,ms,flops,bytes\n"
	for _, tc := range []struct {
		name string
		in   io.Reader
		want string
	}{
		// /dev/zero: no newline, so line 1 breaks the 64 KiB line cap.
		{"dev zero", &endless{b: []byte{0}}, "measurements line 1: longer than 65536 bytes; not a measurement CSV"},
		// one endless data line after the header: line 2 breaks it.
		{"one endless line", io.MultiReader(strings.NewReader(header), &endless{b: []byte("a")}),
			"measurements line 2: longer than 65536 bytes; not a measurement CSV"},
		// valid 14-byte rows forever: the 100 000-row cap comes first (1.4 MB < 16 MiB).
		{"endless valid rows", io.MultiReader(strings.NewReader(header), &endless{b: []byte("copy,bf16,1,1,1\n")}),
			"measurements: more than 100000 rows; not a measurement CSV"},
		// rows of 16 + 64 000 bytes: the 16 MiB size cap comes first (262 rows ≈ 16.8 MB).
		{"endless long rows", io.MultiReader(strings.NewReader("kind,dtype,ms,flops,bytes,note\n"), &endless{b: []byte("copy,bf16,1,1,1," + strings.Repeat("x", 64000) + "\n")}),
			"measurements: larger than 16777216 bytes; not a measurement CSV"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := ReadMeasurements(tc.in)
			runtime.ReadMemStats(&after)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			// Generous: the caps allow 16 MiB read and 100 000 rows held (~15 MB).
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
				t.Errorf("allocated %d bytes, want under 256 MiB", alloc)
			}
		})
	}
}
