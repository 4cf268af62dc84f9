package hardware

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadMeasurements: whatever the bytes, ReadMeasurements returns usable rows or an
// error; it never panics. Inputs that once failed are kept in
// testdata/fuzz/FuzzReadMeasurements.
func FuzzReadMeasurements(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "h200", "gemm.csv"))
	if err != nil {
		f.Fatal(err)
	}
	// The header and a few rows of the real file keep each run short.
	lines := strings.SplitAfter(string(data), "\n")
	f.Add([]byte(strings.Join(lines[:min(len(lines), 6)], "")))
	for _, s := range []string{
		"", "\n", "kind,dtype,ms,flops,bytes\n",
		"kind,dtype,ms,flops,bytes\ncopy,bf16,0.5,0,1e9\n",
		"kind,dtype,ms,flops,bytes,T,M,N,K\ngemm_peak,fp8,1,1e12,1e6,8192,8192,8192,8192\n",
		"kind,dtype,ms,flops,bytes\ncopy,bf16,NaN,0,1\n",
		"kind,dtype,ms,flops,bytes\ncopy,bf16,1,0\n",
		"kind,kind,dtype,ms,flops,bytes\na,b,fp8,1,1,1\n",
		"kind,dtype,ms,flops,bytes\n\"copy,bf16,1,1,1\n",
		"kind,dtype,ms,flops,bytes,T\ncopy,bf16,1,1,1,-3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ReadMeasurements(bytes.NewReader(data))
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error of more than one line: %q", err)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("no rows and no error")
		}
		for _, m := range rows {
			ok := m.Line >= 2 && m.Kind != "" && m.Format.Valid() &&
				m.Seconds > 0 && !math.IsInf(m.Seconds, 0) &&
				m.FLOPs >= 0 && !math.IsInf(m.FLOPs, 0) && m.Bytes >= 0 && !math.IsInf(m.Bytes, 0) &&
				(m.FLOPs > 0 || m.Bytes > 0) && m.Tokens >= 0 && m.M >= 0 && m.N >= 0 && m.K >= 0
			if !ok {
				t.Fatalf("accepted an unusable row: %+v", m)
			}
		}
	})
}
