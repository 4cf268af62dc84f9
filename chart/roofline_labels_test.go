package chart

import (
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
)

// TestRooflineLabels: points of one group within 3% on both axes (|ln ratio| < 0.03) merge
// into one point; the others keep their own.
func TestRooflineLabels(t *testing.T) {
	pts := []RooflinePoint{
		{Label: "a", IntensityFLOPsPerByte: 4.6, CalibratedFLOPsPerSecond: 13},
		// ln(4.7/4.6) = 0.0215 and ln(13.2/13) = 0.0153, both < 0.03: merged into a.
		{Label: "a2", IntensityFLOPsPerByte: 4.7, CalibratedFLOPsPerSecond: 13.2},
		// ln(4.9/4.6) = 0.063 ≥ 0.03: its own point (the overlay keeps the labels apart).
		{Label: "b", IntensityFLOPsPerByte: 4.9, CalibratedFLOPsPerSecond: 17},
		// ln(4.7/4.6) = 0.0215 but ln(20/13) = 0.431 ≥ 0.03: its own point too.
		{Label: "e", IntensityFLOPsPerByte: 4.7, CalibratedFLOPsPerSecond: 20},
	}
	merged := mergeCoincident(pts)
	if len(merged) != 3 || merged[0].Label != "a, a2" {
		t.Fatalf("merged: %+v", merged)
	}
	// Points of different groups never merge.
	if got := mergeCoincident([]RooflinePoint{pts[0], {Label: "x", Group: "moe", IntensityFLOPsPerByte: 4.6, CalibratedFLOPsPerSecond: 13}}); len(got) != 2 {
		t.Errorf("merged across groups: %+v", got)
	}
}

// TestCrowdedRooflineLabelsMissLines: DeepSeek-V3.2 on 8 H800 (512 sequences at 32K, as
// 'decost roofline' gives it): ten projection and indexer ops crowd at 60-125 FLOP/B just
// under the memory roofs, and dense_gate_up sits between two compute roofs. Their labels
// cross no roof or other line, and cover no point or one another: a column stacked across
// the roofs (which struck kv_a_proj and q_a_proj through) loses to spots on rings around the
// points that are clear.
func TestCrowdedRooflineLabelsMissLines(t *testing.T) {
	h800, err := hardware.Builtin().Get("h800")
	if err != nil {
		t.Fatal(err)
	}
	both, dense, moe := "mla-dsa/dense + mla-dsa/moe", "mla-dsa/dense", "mla-dsa/moe"
	pt := func(label, group string, intensity, ideal, calibrated float64) RooflinePoint {
		return RooflinePoint{Label: label, Group: group, IntensityFLOPsPerByte: intensity, IdealFLOPsPerSecond: ideal, CalibratedFLOPsPerSecond: calibrated}
	}
	points := []RooflinePoint{
		pt("q_a_proj", both, 120.8, 4.047e14, 1.295e14), pt("q_b_proj", both, 117.9, 3.949e14, 2.315e14),
		pt("kv_a_proj", both, 113.4, 3.798e14, 5.548e13), pt("kv_b_proj", both, 102.2, 3.425e14, 1.905e14),
		pt("o_proj", both, 125.9, 4.217e14, 2.909e14), pt("indexer_wq_b", both, 117.3, 3.93e14, 1.853e14),
		pt("indexer_wk", both, 84.33, 2.825e14, 2.726e13), pt("indexer_weights_proj", both, 63.43, 2.125e14, 1.417e13),
		pt("indexer", both, 124.4, 4.167e14, 3.18e14), pt("attention_core", both, 478.8, 1.604e15, 4.001e14),
		pt("dense_gate_up", dense, 816.6, 1.98e15, 9.763e14), pt("dense_down", dense, 675.5, 1.98e15, 7.306e14),
		pt("router", moe, 50.84, 1.703e14, 4.306e13), pt("routed_gate_up", moe, 31.73, 1.063e14, 9.244e13),
		pt("routed_down", moe, 31.44, 1.053e14, 8.532e13), pt("shared_gate_up", moe, 123.9, 4.149e14, 2.059e14),
		pt("shared_down", moe, 119.5, 4.002e14, 1.896e14),
	}
	p, o, err := newRoofline("deepseek-v3.2 on h800", h800, hardware.DefaultProfile(), []precision.Format{precision.BF16, precision.FP8}, points)
	if err != nil {
		t.Fatal(err)
	}
	d := drawn(p, o)
	labels := d.labels[len(d.lineLabels):] // after the roofs' names
	if len(labels) != len(points) {
		t.Fatalf("%d labels drawn, want %d", len(labels), len(points))
	}
	for i, r := range labels {
		for _, s := range d.segments {
			if crosses(r, s) {
				t.Errorf("label %d at %v crosses the line %v", i, r, s)
			}
		}
		for _, q := range d.points {
			if hitsPoint(r, q, o.radius) {
				t.Errorf("label %d at %v covers the point at %v", i, r, q)
			}
		}
		for _, q := range labels[i+1:] {
			if overlaps(r, q) {
				t.Errorf("labels %v and %v overlap", r, q)
			}
		}
	}
}
