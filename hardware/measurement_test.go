package hardware

import (
	"os"
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
	} {
		_, err := ReadMeasurements(strings.NewReader(tc.csv))
		if err == nil || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%q: error %v, want one containing %q", tc.csv, err, tc.says)
		}
	}
}
