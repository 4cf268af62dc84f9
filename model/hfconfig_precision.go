package model

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/decost/decost/internal/bounded"
	"github.com/decost/decost/precision"
	"gopkg.in/yaml.v3"
)

// Named precision profiles for --precision: what imported models (and, when the flag is
// given, every model) store and compute in. Functions, not variables, so no caller can change
// the profile another one reads.

// FP8Profile is the report's full-FP8 profile (FullFP8()) as an override.
func FP8Profile() PrecisionOverride { return PrecisionOverride(FullFP8()) }

// BF16Profile stores weights and the KV cache in BF16 and computes in BF16; linear
// attention state stays FP32.
func BF16Profile() PrecisionOverride {
	return PrecisionOverride{Weights: precision.BF16, Cache: precision.BF16, State: precision.FP32, Compute: precision.BF16}
}

// ReadPrecisionProfile reads a YAML precision profile file:
//
//	weights: fp8    # format of stored weights
//	cache: bf16     # format of the KV cache
//	state: fp32     # format of a linear-attention state
//	compute: fp8    # format the arithmetic prefers
//
// A field left out keeps each layer's own format. Errors name the file, line and field.
func ReadPrecisionProfile(path string) (PrecisionOverride, error) {
	// A precision profile is a few lines; 1 MiB is a bound, not a size.
	data, err := bounded.ReadFile(path, bounded.Limits{MaxBytes: 1 << 20, MaxLineBytes: bounded.MaxTextLineBytes})
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return PrecisionOverride{}, fmt.Errorf("%s: no such file (want fp8, bf16 or a YAML precision profile)", path)
		}
		return PrecisionOverride{}, fmt.Errorf("%s: %w", path, bounded.Describe(err, "a precision profile"))
	}
	return ParsePrecisionProfile(data, path)
}

// ParsePrecisionProfile reads a YAML precision profile already in memory (see
// ReadPrecisionProfile); file names it in errors.
func ParsePrecisionProfile(data []byte, file string) (o PrecisionOverride, err error) {
	defer func() {
		if r := recover(); r != nil {
			o, err = PrecisionOverride{}, fmt.Errorf("%s: not readable YAML (%v)", file, r)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return o, fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(doc.Content) == 0 {
		return o, fmt.Errorf("%s: empty; want weights, cache, state and/or compute formats", file)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return o, fmt.Errorf("%s:%d: want a mapping of weights, cache, state and compute formats", file, root.Line)
	}
	fields := map[string]*precision.Format{"weights": &o.Weights, "cache": &o.Cache, "state": &o.State, "compute": &o.Compute}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		dst, ok := fields[k.Value]
		if !ok || k.Kind != yaml.ScalarNode {
			return PrecisionOverride{}, fmt.Errorf("%s:%d: unknown field %q (want weights, cache, state, compute)", file, k.Line, k.Value)
		}
		if seen[k.Value] {
			return PrecisionOverride{}, fmt.Errorf("%s:%d: field %q given twice", file, k.Line, k.Value)
		}
		seen[k.Value] = true
		if v.Kind != yaml.ScalarNode {
			return PrecisionOverride{}, fmt.Errorf("%s:%d: %s: want a format name such as fp8 or bf16", file, v.Line, k.Value)
		}
		f, err := precision.Parse(v.Value)
		if err != nil {
			return PrecisionOverride{}, fmt.Errorf("%s:%d: %s: %v", file, v.Line, k.Value, err)
		}
		*dst = f
	}
	if o.IsZero() {
		return o, fmt.Errorf("%s: no format given; want weights, cache, state and/or compute", file)
	}
	return o, nil
}
