package chart

import "testing"

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
