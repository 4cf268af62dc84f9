package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
	"gopkg.in/yaml.v3"
)

// readAxis reads an axis written as one value, a non-empty list of values (list) or a range
// mapping (fields, keyed by its keys), each value with one; hint lists the range's keys for
// the error on any other key.
func readAxis[T comparable](s *Scenario, n *yaml.Node, p path, hint string, one func(*yaml.Node, path) (T, error), keys ...string) (list []T, fields map[string]T, err error) {
	switch n.Kind {
	case yaml.ScalarNode:
		x, err := one(n, p)
		if err != nil {
			return nil, nil, err
		}
		return []T{x}, nil, nil
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return nil, nil, s.errAt(p, "empty list")
		}
		list = make([]T, 0, len(n.Content))
		for i, c := range n.Content {
			x, err := one(c, append(p, i))
			if err != nil {
				return nil, nil, err
			}
			if j := slices.Index(list, x); j >= 0 {
				return nil, nil, s.errAt(append(p, i), "%s is the value of entry %d (%s) again; list each value once", c.Value, j, n.Content[j].Value)
			}
			list = append(list, x)
		}
		return list, nil, nil
	case yaml.MappingNode:
		fields = map[string]T{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if !slices.Contains(keys, k) {
				return nil, nil, &Error{File: s.File, Line: n.Content[i].Line, Field: p.String(), Msg: fmt.Sprintf("unknown key %q (a range has %s)", k, hint)}
			}
			x, err := one(n.Content[i+1], append(p, k))
			if err != nil {
				return nil, nil, err
			}
			fields[k] = x
		}
		return nil, fields, nil
	}
	return nil, nil, s.errAt(p, "want a number, a list or a range {from, to, step}")
}

// readInts reads an integer axis: a value, a list, or a range mapping. Values must be
// positive and at most limit.
func (s *Scenario) readInts(v *Ints, p path, limit int, unit string) error {
	n := v.node
	if n == nil {
		return nil
	}
	one := func(n *yaml.Node, p path) (int, error) {
		if len(p) > 0 && p[len(p)-1] == "factor" {
			// A range's factor is a multiplier, not a count of the axis's unit.
			x, err := strconv.Atoi(strings.TrimSpace(n.Value))
			if n.Kind != yaml.ScalarNode || err != nil || x < 2 || x > limit {
				return 0, s.errAt(p, "%q: want a whole number of at least 2 (each value is the one before × factor)", n.Value)
			}
			return x, nil
		}
		if n.Kind != yaml.ScalarNode {
			return 0, s.errAt(p, "want a number of %s", unit)
		}
		x, err := ParseCount(n.Value)
		if err != nil {
			return 0, s.errAt(p, "%q is not a number of %s (e.g. 8192 or 8k)", n.Value, unit)
		}
		if x <= 0 || x > limit {
			return 0, s.errAt(p, "%s must be a positive number of %s, at most %d", n.Value, unit, limit)
		}
		return x, nil
	}
	list, fields, err := readAxis(s, n, p, "from, to and step or factor", one, "from", "to", "step", "factor")
	if err != nil || fields == nil {
		v.list = list
		return err
	}
	from, okF := fields["from"]
	to, okT := fields["to"]
	step, factor := fields["step"], fields["factor"]
	switch {
	case !okF || !okT:
		return s.errAt(p, "a range needs from and to")
	case to < from:
		return s.errAt(append(p, "to"), "to (%d) is less than from (%d)", to, from)
	case step > 0 && factor > 0:
		return s.errAt(p, "a range has a step or a factor, not both")
	}
	v.from = from
	if factor > 1 {
		v.factor = factor
		for x := from; x <= to; x *= factor {
			v.n++
			if x > to/factor {
				break
			}
		}
	} else {
		if step == 0 {
			step = 1
		}
		v.step = step
		v.n = (to-from)/step + 1
	}
	if v.n > MaxAxisValues {
		return s.errAt(p, "%d values is more than %d", v.n, MaxAxisValues)
	}
	return nil
}

// ParseCount reads a count in decost's notation, shared by scenario files and command-line
// flags: 8192, 8k or 8K (×1024), 1m or 1M (×1024²), with optional _ separators (131_072).
// The sign is the caller's to check.
func ParseCount(s string) (int, error) {
	t := strings.TrimSpace(s)
	mult := 1
	switch {
	case strings.HasSuffix(t, "k") || strings.HasSuffix(t, "K"):
		mult, t = 1024, t[:len(t)-1]
	case strings.HasSuffix(t, "m") || strings.HasSuffix(t, "M"):
		mult, t = 1024*1024, t[:len(t)-1]
	}
	n, err := strconv.Atoi(strings.ReplaceAll(t, "_", ""))
	if err != nil {
		return 0, err
	}
	if n > math.MaxInt32 || n < -math.MaxInt32 {
		return 0, fmt.Errorf("out of range")
	}
	return n * mult, nil
}

// readFloats reads positive numbers: a value, a list or a range {from, to, step}.
func (s *Scenario) readFloats(v *Floats, p path) error {
	n := v.node
	if n == nil {
		return s.errAt(p, "empty")
	}
	one := func(n *yaml.Node, p path) (float64, error) {
		x, err := strconv.ParseFloat(n.Value, 64)
		if n.Kind != yaml.ScalarNode || err != nil {
			return 0, s.errAt(p, "%q is not a number of USD per GPU-hour", n.Value)
		}
		if !(x > 0) || x > 1e6 || math.IsInf(x, 0) {
			return 0, s.errAt(p, "%v must be a positive number of USD per GPU-hour", n.Value)
		}
		return x, nil
	}
	list, f, err := readAxis(s, n, p, "from, to and step", one, "from", "to", "step")
	if err != nil || f == nil {
		v.list = list
		return err
	}
	from, to, step := f["from"], f["to"], f["step"]
	if from == 0 || to == 0 || step == 0 {
		return s.errAt(p, "a price range needs from, to and step")
	}
	if to < from {
		return s.errAt(append(p, "to"), "to (%v) is less than from (%v)", to, from)
	}
	if (to-from)/step > MaxAxisValues {
		return s.errAt(p, "more than %d values", MaxAxisValues)
	}
	for i := 0; ; i++ {
		x := from + float64(i)*step
		if x > to*(1+1e-12) {
			break
		}
		v.list = append(v.list, x)
	}
	return nil
}

// readPrecision reads "default", a format name, or a mapping of override fields.
func (s *Scenario) readPrecision(v *Precision, p path) error {
	n := v.node
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == "default" {
			v.Label = "default"
			return nil
		}
		f, err := precision.Parse(n.Value)
		if err != nil {
			return s.errAt(p, "%v, or default", err)
		}
		v.Label = string(f)
		v.Override = model.PrecisionOverride{Weights: f, Cache: f, Compute: f}
		return nil
	case yaml.MappingNode:
		var parts []string
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i].Value, n.Content[i+1].Value
			f, err := precision.Parse(val)
			if err != nil {
				return &Error{File: s.File, Line: n.Content[i+1].Line, Field: append(p, k).String(), Msg: err.Error()}
			}
			switch k {
			case "weights":
				v.Override.Weights = f
			case "cache":
				v.Override.Cache = f
			case "state":
				v.Override.State = f
			case "compute":
				v.Override.Compute = f
			default:
				return &Error{File: s.File, Line: n.Content[i].Line, Field: p.String(), Msg: fmt.Sprintf("unknown key %q (want weights, cache, state, compute)", k)}
			}
			parts = append(parts, k+"="+string(f))
		}
		if len(parts) == 0 {
			return s.errAt(p, "empty precision mapping")
		}
		v.Label = strings.Join(parts, ",")
		return nil
	}
	return s.errAt(p, "want default, a format (fp8, bf16, …) or a mapping {weights, cache, state, compute}")
}
