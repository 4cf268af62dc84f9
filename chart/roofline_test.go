package chart

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
)

// TestRooflineChart draws a chart as PNG and SVG and checks the files: a decodable PNG of the
// default size, an SVG carrying the axis labels with their units and the point labels.
func TestRooflineChart(t *testing.T) {
	h800, err := hardware.Builtin().Get("h800")
	if err != nil {
		t.Fatal(err)
	}
	points := []RooflinePoint{
		{Label: "attention_core", IntensityFLOPsPerByte: 126, IdealFLOPsPerSecond: 422e12, CalibratedFLOPsPerSecond: 330e12},
		{Label: "routed_gate_up", IntensityFLOPsPerByte: 4.6, IdealFLOPsPerSecond: 15e12, CalibratedFLOPsPerSecond: 13e12},
		{Label: "routed_down", IntensityFLOPsPerByte: 4.6, IdealFLOPsPerSecond: 15e12, CalibratedFLOPsPerSecond: 13e12},
		{Label: "empty", IntensityFLOPsPerByte: 0}, // left out: no place on a log axis
	}
	p, err := Roofline("step3 on h800", h800, hardware.DefaultProfile(), []precision.Format{precision.BF16, precision.FP8}, points)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pngPath := filepath.Join(dir, "roofline.png")
	svgPath := filepath.Join(dir, "roofline.svg")
	for _, path := range []string{pngPath, svgPath} {
		if err := Save(p, path); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	// 9 × 6 inches at gonum's default 96 dpi.
	if b := img.Bounds(); b.Dx() != 864 || b.Dy() != 576 {
		t.Errorf("png is %v, want 864×576", b)
	}
	svg, err := os.ReadFile(svgPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"arithmetic intensity (FLOP/byte, log scale)",
		"attainable performance (TFLOP/s, log scale)",
		"attention_core",
		"routed_gate_up, routed_down", // coincident points share one label
		"FP8 1980 TFLOP/s",            // the roofs are named on the line
		"FP8 1300 TFLOP/s calibrated",
		"roofs, datasheet: memory 3.35 TB/s",
	} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	if strings.Contains(string(svg), ">empty<") {
		t.Error("a point of zero intensity was drawn")
	}
	if _, err := Roofline("x", h800, hardware.Ideal(), nil, points); err == nil {
		t.Error("no formats accepted")
	}
}
