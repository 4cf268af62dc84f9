// Package precision names the number formats that weights, cached keys and values, and
// arithmetic use, and how many bytes one element of each takes.
//
// Both the model (what a layer stores and computes in) and the hardware (what a card
// computes at which peak rate) speak of formats; this package is the vocabulary they share,
// so that neither has to import the other.
package precision

import (
	"fmt"
	"strings"
)

// Format is a number format such as FP8 or BF16. The zero value is not a valid format.
type Format string

// The formats decost knows. INT8 and FP8 take the same bytes; they differ in which hardware
// computes in them.
const (
	FP4  Format = "fp4"
	FP8  Format = "fp8"
	INT8 Format = "int8"
	FP16 Format = "fp16"
	BF16 Format = "bf16"
	FP32 Format = "fp32"
)

// Formats lists every known format, narrowest first.
func Formats() []Format { return []Format{FP4, FP8, INT8, FP16, BF16, FP32} }

// Bytes is the storage size of one element in bytes (0.5 for FP4). It is 0 for an unknown
// format.
func (f Format) Bytes() float64 {
	switch f {
	case FP4:
		return 0.5
	case FP8, INT8:
		return 1
	case FP16, BF16:
		return 2
	case FP32:
		return 4
	}
	return 0
}

// Valid reports whether f is one of the known formats.
func (f Format) Valid() bool { return f.Bytes() > 0 }

// String returns the lower-case name of the format, as accepted by Parse.
func (f Format) String() string { return string(f) }

// Parse reads a format name, case-insensitively ("FP8", "bf16", "int8", …).
func Parse(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	if !f.Valid() {
		return "", fmt.Errorf("unknown precision %q (want one of fp4, fp8, int8, fp16, bf16, fp32)", s)
	}
	return f, nil
}
