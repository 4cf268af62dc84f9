package cost

import (
	"fmt"
	"slices"
	"strings"

	"github.com/decost/decost/precision"
)

// servingOps are the op classes of a ServingPrecision by the names flags and files give them
// (decost deploy --op-precision OP=FORMAT), each with the field it sets: the one list SetOp,
// ServingOps and Validate read.
var servingOps = []servingOp{
	{"kv", func(p *ServingPrecision) *precision.Format { return &p.KV }},
	{"attention-core", func(p *ServingPrecision) *precision.Format { return &p.AttentionCore }},
	{"gemm", func(p *ServingPrecision) *precision.Format { return &p.GEMM }},
	{"experts", func(p *ServingPrecision) *precision.Format { return &p.Experts }},
	{"dispatch", func(p *ServingPrecision) *precision.Format { return &p.Dispatch }},
	{"combine", func(p *ServingPrecision) *precision.Format { return &p.Combine }},
	{"lm-head", func(p *ServingPrecision) *precision.Format { return &p.LMHead }},
}

// servingOp is one op class: its name and the field of a ServingPrecision it sets.
type servingOp struct {
	name  string
	field func(*ServingPrecision) *precision.Format
}

// ServingOps returns the op classes of a ServingPrecision by the names flags and files give
// them (decost deploy --op-precision OP=FORMAT): a new list, which the caller may change.
func ServingOps() []string {
	names := make([]string, len(servingOps))
	for i, o := range servingOps {
		names[i] = o.name
	}
	return names
}

// RooflineServingOps are the op classes of a ServingPrecision that price an op of the
// per-layer roofline (Roofline): the KV cache, the attention core, the GEMMs and the routed
// experts; the network and the LM head are outside one layer.
func RooflineServingOps() []string { return []string{"kv", "attention-core", "gemm", "experts"} }

// SetOp sets the format of op class op (one of ServingOps) to f, over the preset's, and names
// p "custom".
func (p *ServingPrecision) SetOp(op string, f precision.Format) error {
	i := slices.IndexFunc(servingOps, func(o servingOp) bool { return o.name == strings.TrimSpace(op) })
	if i < 0 {
		return fmt.Errorf("unknown op class %q (want %s)", op, strings.Join(ServingOps(), ", "))
	}
	field := servingOps[i].field(p)
	if !f.Valid() {
		return fmt.Errorf("%s: unknown format %q", op, f)
	}
	*field, p.Name = f, "custom"
	return nil
}

// Format returns the format p sets for op class op (one of ServingOps): "" when p leaves it
// to the model's (or, for the network and LM head, the default) or op is unknown.
func (p ServingPrecision) Format(op string) precision.Format {
	i := slices.IndexFunc(servingOps, func(o servingOp) bool { return o.name == strings.TrimSpace(op) })
	if i < 0 {
		return ""
	}
	return *servingOps[i].field(&p)
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
