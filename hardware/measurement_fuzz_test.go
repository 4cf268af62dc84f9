package hardware

import (
	"bytes"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/decost/decost/internal/bounded"
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

// FuzzReadMeasurementsMemory: whatever the head, followed by whatever the body repeated
// without end, the calibration CSV reader stops with an error (a cap, or a bad row), having
// allocated memory bounded by its caps: here 64 KiB read, lines of 1 KiB and 1000 rows,
// against a bound of 16 MiB allocated in all (each row's record and Measurement, several
// times over; the seed of a header and valid rows allocates about 0.5 MiB).
func FuzzReadMeasurementsMemory(f *testing.F) {
	header := "kind,dtype,ms,flops,bytes\n"
	for _, s := range [][2]string{
		{"", "\x00"}, {"", "a"}, {"", "\n"}, {header, "copy,bf16,1,1,1\n"}, {header, "\""},
		{header, "copy,bf16,1,1,1,"}, {"kind,dtype,ms,flops,bytes,T\n", "gemm_peak,fp8,1,1e12,1e6,8\r\n"},
		{header, "\"copy\",bf16,1,1,\"1\n\"\n"}, {header + "copy,bf16,1,1,1\n", ""},
	} {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	lim := measurementLimits{Limits: bounded.Limits{MaxBytes: 64 << 10, MaxLineBytes: 1 << 10}, rows: 1000}
	f.Fuzz(func(t *testing.T, head, body []byte) {
		var in io.Reader = bytes.NewReader(head)
		if len(body) > 0 {
			in = io.MultiReader(in, &endless{b: body})
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := readMeasurements(in, lim)
		runtime.ReadMemStats(&after)
		if err == nil && len(body) > 0 {
			t.Fatal("an endless input was read without error")
		}
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
			t.Fatalf("allocated %d bytes reading at most 64 KiB; want under 16 MiB", alloc)
		}
	})
}
