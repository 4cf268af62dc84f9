package hardware

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/decost/decost/internal/bounded"
	"github.com/decost/decost/precision"
)

// Measurement is one timed kernel from a measurement CSV (format of testdata/h200/gemm.csv,
// described in testdata/h200/README.md).
type Measurement struct {
	// Line is the 1-based line of the row in its file, for messages.
	Line int `json:"line"`
	// Kind is what was timed: "copy", "read", "gemm_peak" or "expert_gemm" (other kinds are
	// read and fitted as plain operations).
	Kind string `json:"kind"`
	// Model and Method say whose expert shape and which half of it (gate_up, down); may be
	// empty.
	Model  string `json:"model,omitempty"`
	Method string `json:"method,omitempty"`
	// Format is the dtype the kernel computed in.
	Format precision.Format `json:"dtype"`
	// Tokens, M, N, K are the tokens and matrix dimensions (0 for copy and read).
	Tokens int `json:"tokens"`
	M      int `json:"m"`
	N      int `json:"n"`
	K      int `json:"k"`
	// Seconds is the measured time per call, in seconds (the file's ms / 1000).
	Seconds float64 `json:"seconds"`
	// FLOPs is the work of one call (2·T·N·K for a GEMM); Bytes is what it moves through
	// device memory (weights + input + output).
	FLOPs float64 `json:"flops"`
	Bytes float64 `json:"bytes"`
}

// Label is a short description of the row, e.g. "expert_gemm step3 fp8 gate_up T=16".
func (m Measurement) Label() string {
	parts := []string{m.Kind}
	for _, s := range []string{m.Model, string(m.Format), m.Method} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if m.Tokens > 0 {
		parts = append(parts, "T="+strconv.Itoa(m.Tokens))
	}
	return strings.Join(parts, " ")
}

// requiredColumns are the columns every measurement CSV must have.
var requiredColumns = []string{"kind", "dtype", "ms", "flops", "bytes"}

// Limits of a measurement CSV. A real one has a few thousand lines of under 200 bytes; the caps
// make a wrong file (/dev/zero, a binary, one endless line) fail after reading at most
// MaxMeasurementBytes, holding at most MaxMeasurementRows rows.
const (
	// MaxMeasurementBytes is the largest measurement CSV, in bytes (16 MiB).
	MaxMeasurementBytes = 16 << 20
	// MaxMeasurementLineBytes is the longest line of a measurement CSV, in bytes (64 KiB).
	MaxMeasurementLineBytes = 64 << 10
	// MaxMeasurementRows is the most rows a measurement CSV may have.
	MaxMeasurementRows = 100_000
)

// measurementLimits are the caps one read holds to (smaller in the fuzz test).
type measurementLimits struct {
	bounded.Limits
	rows int
}

var defaultMeasurementLimits = measurementLimits{
	Limits: bounded.Limits{MaxBytes: MaxMeasurementBytes, MaxLineBytes: MaxMeasurementLineBytes},
	rows:   MaxMeasurementRows,
}

// ReadMeasurements reads a measurement CSV with a header row naming at least the columns
// kind, dtype, ms, flops and bytes (and optionally model, method, T, M, N, K; other columns
// are ignored). Errors name the line and the field: a missing column, a number that does
// not parse, a time that is not positive, negative counts, an unknown dtype, or a file with
// no rows. It reads at most MaxMeasurementBytes, lines of at most MaxMeasurementLineBytes
// and MaxMeasurementRows rows, and fails on more, in memory bounded by those caps.
func ReadMeasurements(r io.Reader) ([]Measurement, error) {
	return readMeasurements(r, defaultMeasurementLimits)
}

func readMeasurements(r io.Reader, lim measurementLimits) ([]Measurement, error) {
	cr := csv.NewReader(bounded.NewReader(r, lim.Limits))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("measurements: empty file, want a header row")
	}
	if err != nil {
		return nil, measurementReadError(err)
	}
	fields := len(header) // header's array is reused by the next Read
	col := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if j, ok := col[h]; ok {
			return nil, fmt.Errorf("measurements line 1: column %q twice (fields %d and %d); want each column once", h, j+1, i+1)
		}
		col[h] = i
	}
	for _, c := range requiredColumns {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("measurements line 1: no %q column (want at least %s)", c, strings.Join(requiredColumns, ", "))
		}
	}
	var out []Measurement
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// FieldPos panics after a failed Read; the csv error names its own line.
			return nil, measurementReadError(err)
		}
		if len(out) == lim.rows {
			return nil, fmt.Errorf("measurements: more than %d rows; not a measurement CSV", lim.rows)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != fields {
			return nil, fmt.Errorf("measurements line %d: %d fields, want %d as in the header", line, len(rec), fields)
		}
		m, err := parseMeasurement(rec, col)
		if err != nil {
			return nil, fmt.Errorf("measurements line %d: %w", line, err)
		}
		m.Line = line
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil, errors.New("measurements: no rows after the header")
	}
	return out, nil
}

// measurementReadError words an error of the CSV reader: a broken size or line cap says so
// with its line ("measurements line 1: longer than 65536 bytes; not a measurement CSV").
func measurementReadError(err error) error {
	var e *bounded.Error
	if errors.As(err, &e) {
		if e.Line > 0 {
			return fmt.Errorf("measurements line %d: longer than %d bytes; not a measurement CSV", e.Line, e.Limit)
		}
		return fmt.Errorf("measurements: %w; not a measurement CSV", e)
	}
	return fmt.Errorf("measurements: %w", err)
}

func parseMeasurement(rec []string, col map[string]int) (Measurement, error) {
	field := func(name string) (string, bool) {
		i, ok := col[name]
		if !ok {
			return "", false
		}
		return strings.TrimSpace(rec[i]), true
	}
	num := func(name string, strictlyPositive bool) (float64, error) {
		s, _ := field(name)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, fmt.Errorf("%s: %q is not a number", name, s)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || (strictlyPositive && v == 0) {
			want := "0 or positive"
			if strictlyPositive {
				want = "positive"
			}
			return 0, fmt.Errorf("%s: must be a finite %s number, got %q", name, want, s)
		}
		return v, nil
	}
	integer := func(name string) (int, error) {
		s, ok := field(name)
		if !ok || s == "" {
			return 0, nil
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("%s: %q is not a whole number ≥ 0", name, s)
		}
		return v, nil
	}
	var m Measurement
	var err error
	m.Kind, _ = field("kind")
	if m.Kind == "" {
		return m, errors.New("kind: empty")
	}
	m.Model, _ = field("model")
	m.Method, _ = field("method")
	d, _ := field("dtype")
	if m.Format, err = precision.Parse(d); err != nil {
		return m, fmt.Errorf("dtype: %w", err)
	}
	ms, err := num("ms", true)
	if err != nil {
		return m, err
	}
	m.Seconds = ms / 1e3
	if m.FLOPs, err = num("flops", false); err != nil {
		return m, err
	}
	if m.Bytes, err = num("bytes", false); err != nil {
		return m, err
	}
	if m.FLOPs == 0 && m.Bytes == 0 {
		return m, errors.New("flops and bytes: both 0, nothing was timed")
	}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"T", &m.Tokens}, {"M", &m.M}, {"N", &m.N}, {"K", &m.K}} {
		if *f.dst, err = integer(f.name); err != nil {
			return m, err
		}
	}
	return m, nil
}
