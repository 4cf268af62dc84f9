package chart

import (
	"reflect"
	"testing"

	"gonum.org/v1/plot/plotter"
)

// TestRooflineLabels: points within 3% on both axes merge into one point; points within 10%
// in intensity and 40% in FLOP/s (|ln ratio| < 0.1 and < 0.4) share one label, placed at the
// cluster's highest point; the others keep their own.
func TestRooflineLabels(t *testing.T) {
	pts := []RooflinePoint{
		{Label: "a", IntensityFLOPsPerByte: 4.6, CalibratedFLOPsPerSecond: 13},
		// ln(4.7/4.6) = 0.0215 and ln(13.2/13) = 0.0153, both < 0.03: merged into a.
		{Label: "a2", IntensityFLOPsPerByte: 4.7, CalibratedFLOPsPerSecond: 13.2},
		// ln(4.9/4.6) = 0.063 < 0.1 and ln(17/13) = 0.268 < 0.4: a's cluster, and higher.
		{Label: "b", IntensityFLOPsPerByte: 4.9, CalibratedFLOPsPerSecond: 17},
		// ln(5.2/4.6) = 0.123 ≥ 0.1: a cluster of its own.
		{Label: "d", IntensityFLOPsPerByte: 5.2, CalibratedFLOPsPerSecond: 13},
		// ln(4.8/4.6) = 0.043 but ln(20/13) = 0.431 ≥ 0.4: its own label too.
		{Label: "e", IntensityFLOPsPerByte: 4.8, CalibratedFLOPsPerSecond: 20},
	}
	merged := mergeCoincident(pts)
	if len(merged) != 4 || merged[0].Label != "a, a2" {
		t.Fatalf("merged: %+v", merged)
	}
	xy := make(plotter.XYs, len(merged))
	for i, p := range merged {
		xy[i] = plotter.XY{X: p.IntensityFLOPsPerByte, Y: p.CalibratedFLOPsPerSecond}
	}
	got := clusterLabels(merged, xy)
	want := plotter.XYLabels{
		XYs:    plotter.XYs{{X: 4.9, Y: 17}, {X: 5.2, Y: 13}, {X: 4.8, Y: 20}},
		Labels: []string{"a, a2, b", "d", "e"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("labels %+v, want %+v", got, want)
	}
}
