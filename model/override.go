package model

import "github.com/decost/decost/precision"

// PrecisionOverride changes some formats of every layer of a model; an empty field keeps the
// layer's own format. It is how --weights, --kv, --attention-compute and --precision flags
// reach a model.
type PrecisionOverride struct {
	Weights precision.Format `json:"weights,omitempty" yaml:"weights,omitempty"`
	Cache   precision.Format `json:"cache,omitempty" yaml:"cache,omitempty"`
	State   precision.Format `json:"state,omitempty" yaml:"state,omitempty"`
	Compute precision.Format `json:"compute,omitempty" yaml:"compute,omitempty"`
}

// IsZero reports whether the override changes nothing.
func (o PrecisionOverride) IsZero() bool { return o == PrecisionOverride{} }

// Apply returns p with the override's non-empty fields.
func (o PrecisionOverride) Apply(p LayerPrecision) LayerPrecision {
	if o.Weights != "" {
		p.Weights = o.Weights
	}
	if o.Cache != "" {
		p.Cache = o.Cache
	}
	if o.State != "" {
		p.State = o.State
	}
	if o.Compute != "" {
		p.Compute = o.Compute
	}
	return p
}

// WithPrecision returns a copy of m whose layers have the override applied; m is unchanged.
func (m *Model) WithPrecision(o PrecisionOverride) *Model {
	c := *m
	c.Layers = make([]Layer, len(m.Layers))
	for i, l := range m.Layers {
		l.Precision = o.Apply(l.Precision)
		c.Layers[i] = l
	}
	return &c
}
