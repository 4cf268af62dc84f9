package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/decost/decost/chart"
	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
	"github.com/decost/decost/render"
	"gonum.org/v1/plot"
)

// describeProfile says what the calibrated times assume, for captions.
func describeProfile(p hardware.Profile) string {
	return fmt.Sprintf("profile %s: %.3g of BF16 peak, %.3g of FP8 peak, %.3g of bandwidth, %.3g µs per kernel",
		p.Name, p.ComputeFraction.BF16, p.ComputeFraction.FP8, p.BandwidthFraction, us(p.KernelOverheadSeconds))
}

func describeStep(m *model.Model, hw hardware.Accelerator, s cost.AttentionStep) string {
	return fmt.Sprintf("%s on %d× %s: decode step of %g sequences at context %d, %s attention; per GPU, one layer of each kind",
		m.ID, s.GPUs, hw.ID, s.Sequences, s.Context, s.Parallel)
}

// servingPrecisionNote names the serving precision of a roofline priced in one other than the
// model's own formats, and the format of each op class it prices ("" for the model's).
func servingPrecisionNote(p cost.ServingPrecision) string {
	if p.Name == "" || p.Name == cost.PrecisionModel {
		return ""
	}
	var ops []string
	for _, op := range cost.RooflineServingOps() {
		f := string(p.Format(op))
		if f == "" {
			f = "the model's"
		}
		ops = append(ops, strings.ReplaceAll(op, "-", " ")+" "+f)
	}
	return fmt.Sprintf(" Serving precision %s, as decost deploy prices it: %s.", p.Name, strings.Join(ops, ", "))
}

// RooflineTable lists every op of one layer of each kind of model m for step s on card hw,
// ideal and calibrated (profile p).
func RooflineTable(m *model.Model, hw hardware.Accelerator, p hardware.Profile, s cost.AttentionStep, r cost.LayerRoofline) *render.Table {
	sci := render.Sci(3)
	t := &render.Table{
		Columns: []render.Column{
			{Key: "layer_kind", Header: "layer kind"},
			{Key: "op", Header: "op"},
			{Key: "flops", Header: "FLOPs", Show: sci},
			{Key: "bytes", Header: "bytes", Show: sci},
			{Key: "intensity", Header: "FLOP/B", Show: render.Sig(4)},
			{Key: "bound", Header: "bound"},
			{Key: "compute", Header: "compute", Wide: true},
			{Key: "ideal_us", Header: "ideal µs", Show: render.Sig(4)},
			{Key: "calibrated_us", Header: "calibrated µs", Show: render.Sig(4)},
			{Key: "basis", Header: "basis"},
			{Key: "weight_bytes", Header: "weight bytes", Detail: true},
			{Key: "cache_bytes", Header: "cache bytes", Detail: true},
		},
	}
	for _, o := range r.Ops {
		t.Add(o.LayerKind, o.Name, o.FLOPs, o.Bytes, o.Intensity, string(o.Bound), string(o.Compute),
			us(o.IdealSeconds), us(o.CalibratedSeconds), o.Basis, o.WeightBytes, o.CacheBytes)
	}
	t.Caption = strings.Join([]string{
		describeStep(m, hw, s) + "." + servingPrecisionNote(r.ServingPrecision),
		fmt.Sprintf("Attention layer (%s, projections + core + router): ideal %s µs, calibrated %s µs. FFN layer (%s): ideal %s µs, calibrated %s µs.",
			r.AttentionKind, render.Sig(4)(us(r.AttentionLayer.IdealSeconds)), render.Sig(4)(us(r.AttentionLayer.CalibratedSeconds)),
			r.FFNKind, render.Sig(4)(us(r.FFNLayer.IdealSeconds)), render.Sig(4)(us(r.FFNLayer.CalibratedSeconds))),
		"ideal: roofline at 100% of datasheet peak and bandwidth; calibrated: the card's measured kernel table where one covers the op, else " + describeProfile(p) +
			" — basis names which (table:<id>, profile:<name>). bound: the ideal roofline's.",
	}, "\n")
	return t
}

// RooflineOp is one op in the JSON form, times in microseconds.
type RooflineOp struct {
	// LayerKind and Op name the operation.
	LayerKind string `json:"layer_kind"`
	Op        string `json:"op"`
	// FLOPs and Bytes are its work on one GPU; Intensity FLOPs per byte; Bound the roof
	// that binds it on the ideal roofline.
	FLOPs     float64 `json:"flops"`
	Bytes     float64 `json:"bytes"`
	Intensity float64 `json:"intensity"`
	Bound     string  `json:"bound"`
	// IdealUS and CalibratedUS are its time on one GPU in µs.
	IdealUS      float64 `json:"ideal_us"`
	CalibratedUS float64 `json:"calibrated_us"`
	// Compute is the format it computes in; WeightBytes and CacheBytes the weight and
	// cache shares of Bytes.
	Compute     string  `json:"compute"`
	WeightBytes float64 `json:"weight_bytes"`
	CacheBytes  float64 `json:"cache_bytes"`
	// Basis is what CalibratedUS was priced from: table:<id>, profile:<name> or ideal.
	Basis string `json:"basis"`
}

// Roofline is the JSON form of a roofline breakdown (issue 4's contract).
type Roofline struct {
	// Model and Hardware are the ids; Context the tokens per sequence; Batch the
	// sequences of the step; GPUs the group; AttentionParallel dp or tp.
	Model             string  `json:"model"`
	Hardware          string  `json:"hardware"`
	Context           int     `json:"context"`
	Batch             float64 `json:"batch"`
	GPUs              int     `json:"gpus"`
	AttentionParallel string  `json:"attention_parallel"`
	// Profile is the calibration profile of the calibrated times.
	Profile hardware.Profile `json:"profile"`
	// Ops are every operation of one layer of each kind.
	Ops []RooflineOp `json:"ops"`
	// AttentionKind and FFNKind are the most common attention and FFN layer kinds, and
	// the …LayerIdealUS and …LayerCalibratedUS fields one such layer's time in µs.
	AttentionKind              string  `json:"attention_kind"`
	AttentionLayerIdealUS      float64 `json:"attention_layer_ideal_us"`
	AttentionLayerCalibratedUS float64 `json:"attention_layer_calibrated_us"`
	FFNKind                    string  `json:"ffn_kind"`
	FFNLayerIdealUS            float64 `json:"ffn_layer_ideal_us"`
	FFNLayerCalibratedUS       float64 `json:"ffn_layer_calibrated_us"`
	// ServingPrecision names the serving precision the ops were priced in (a preset or
	// "custom"); absent for the model's own formats.
	ServingPrecision string `json:"serving_precision,omitempty"`
}

// NewRoofline converts a roofline breakdown to its JSON form.
func NewRoofline(m *model.Model, hw hardware.Accelerator, p hardware.Profile, s cost.AttentionStep, r cost.LayerRoofline) Roofline {
	out := Roofline{
		Model: m.ID, Hardware: hw.ID, Context: s.Context, Batch: s.Sequences, GPUs: s.GPUs,
		AttentionParallel: string(s.Parallel), Profile: p, Ops: []RooflineOp{},
		AttentionKind: r.AttentionKind, AttentionLayerIdealUS: us(r.AttentionLayer.IdealSeconds),
		AttentionLayerCalibratedUS: us(r.AttentionLayer.CalibratedSeconds),
		FFNKind:                    r.FFNKind, FFNLayerIdealUS: us(r.FFNLayer.IdealSeconds),
		FFNLayerCalibratedUS: us(r.FFNLayer.CalibratedSeconds),
	}
	if n := r.ServingPrecision.Name; n != cost.PrecisionModel {
		out.ServingPrecision = n
	}
	for _, o := range r.Ops {
		out.Ops = append(out.Ops, RooflineOp{
			LayerKind: o.LayerKind, Op: o.Name, FLOPs: o.FLOPs, Bytes: o.Bytes, Intensity: o.Intensity,
			Bound: string(o.Bound), IdealUS: us(o.IdealSeconds), CalibratedUS: us(o.CalibratedSeconds), Basis: o.Basis,
			Compute: string(o.Compute), WeightBytes: o.WeightBytes, CacheBytes: o.CacheBytes,
		})
	}
	return out
}

// RooflinePlot draws the ops of r on the roofline chart of hw, coloured by layer kind. An
// op that appears in several layer kinds with the same counts (the same attention in dense
// and MoE layers) is drawn once, in a group named after all of them ("mfa/dense + mfa/moe").
func RooflinePlot(m *model.Model, hw hardware.Accelerator, p hardware.Profile, s cost.AttentionStep, r cost.LayerRoofline) (*plot.Plot, error) {
	type key struct {
		name         string
		flops, bytes float64
	}
	seen := map[key]int{}
	kinds := map[key][]string{}
	formats := []precision.Format{precision.BF16}
	var points []chart.RooflinePoint
	for _, o := range r.Ops {
		if o.Compute != precision.BF16 && !slices.Contains(formats, o.Compute) {
			formats = append(formats, o.Compute)
		}
		k := key{o.Name, o.FLOPs, o.Bytes}
		if !slices.Contains(kinds[k], o.LayerKind) {
			kinds[k] = append(kinds[k], o.LayerKind)
		}
		if i, ok := seen[k]; ok {
			points[i].Group = strings.Join(kinds[k], " + ")
			continue
		}
		seen[k] = len(points)
		points = append(points, chart.RooflinePoint{
			Label: o.Name, Group: o.LayerKind, IntensityFLOPsPerByte: o.Intensity,
			IdealFLOPsPerSecond: o.FLOPs / o.IdealSeconds, CalibratedFLOPsPerSecond: o.FLOPs / o.CalibratedSeconds,
		})
	}
	title := fmt.Sprintf("%s on %s: %g sequences at context %d, %d GPU(s), %s attention", m.ID, hw.ID, s.Sequences, s.Context, s.GPUs, s.Parallel)
	return chart.Roofline(title, hw, p, formats, points)
}
