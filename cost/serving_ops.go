package cost

import (
	"fmt"
	"slices"
	"strings"

	"github.com/decost/decost/precision"
)

// servingOps are the op classes of a ServingPrecision by the names flags and files give them
// (decost deploy --op-precision OP=FORMAT).
var servingOps = []string{"kv", "attention-core", "gemm", "experts", "dispatch", "combine", "lm-head"}

// ServingOps returns the op classes of a ServingPrecision by the names flags and files give
// them (decost deploy --op-precision OP=FORMAT): a copy, which the caller may change.
func ServingOps() []string { return slices.Clone(servingOps) }

// SetOp sets the format of op class op (one of ServingOps) to f, over the preset's, and names
// p "custom".
func (p *ServingPrecision) SetOp(op string, f precision.Format) error {
	fields := map[string]*precision.Format{"kv": &p.KV, "attention-core": &p.AttentionCore, "gemm": &p.GEMM,
		"experts": &p.Experts, "dispatch": &p.Dispatch, "combine": &p.Combine, "lm-head": &p.LMHead}
	field, ok := fields[strings.TrimSpace(op)]
	if !ok {
		return fmt.Errorf("unknown op class %q (want %s)", op, strings.Join(servingOps, ", "))
	}
	if !f.Valid() {
		return fmt.Errorf("%s: unknown format %q", op, f)
	}
	*field, p.Name = f, "custom"
	return nil
}

// WithOps returns p with op-class overrides, each "OP=FORMAT" (OP one of ServingOps) (decost
// deploy --op-precision). An op class given twice is an error, not a last-wins override
// (conflicting inputs are refused).
func (p ServingPrecision) WithOps(ops []string) (ServingPrecision, error) {
	seen := map[string]string{}
	for _, o := range ops {
		op, v, ok := strings.Cut(o, "=")
		if !ok {
			return p, fmt.Errorf("%q: want OP=FORMAT, e.g. kv=bf16", o)
		}
		op = strings.TrimSpace(op)
		if first, ok := seen[op]; ok {
			return p, fmt.Errorf("%s given twice (%s, then %s); give it once", op, first, o)
		}
		seen[op] = o
		f, err := precision.Parse(v)
		if err != nil {
			return p, fmt.Errorf("%s: %w", o, err)
		}
		if err := p.SetOp(op, f); err != nil {
			return p, fmt.Errorf("%s: %w", o, err)
		}
	}
	return p, nil
}
