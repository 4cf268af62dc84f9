package hardware

import "testing"

// TestCatalogueMatchesDesign holds every built-in card to its row of docs/design.md §hardware (dense peaks;
// the "~" of approximate rows dropped), in the order of the table.
func TestCatalogueMatchesDesign(t *testing.T) {
	rows := []struct {
		id             string
		bf16, fp8, fp4 float64 // TFLOP/s; 0 = not supported
		tbps, gb       float64 // HBM TB/s (10^12 B/s) and GB (10^9 B)
		nicGbps        float64 // per GPU, 10^9 bit/s; 0 = none
		usdLo, usdHi   float64 // USD per GPU-hour: the report's price, or the range of docs/design.md §hardware; 0 = none
	}{
		{"h800", 989, 1980, 0, 3.35, 80, 400, 2.0, 2.0},
		{"h20", 148, 296, 0, 4.0, 96, 400, 0.8, 0.8},
		{"a800", 312, 0, 0, 2.0, 80, 200, 0.75, 0.75},
		{"910b", 280, 0, 0, 1.6, 64, 200, 0.67, 0.67},
		{"h100", 989, 1979, 0, 3.35, 80, 400, 2.0, 3.0},
		{"h200", 989, 1979, 0, 4.8, 141, 400, 2.3, 3.5},
		{"a100", 312, 0, 0, 2.04, 80, 200, 1.0, 1.5},
		{"b200", 2250, 4500, 9000, 8.0, 180, 400, 3.75, 6},
		{"gb200", 2500, 5000, 10000, 8.0, 186, 400, 0, 0},
		{"mi300x", 1307, 2615, 0, 5.3, 192, 400, 1.5, 2.0},
		{"mi325x", 1307, 2615, 0, 6.0, 256, 400, 0, 0},
		{"mi355x", 2500, 5000, 10000, 8.0, 288, 400, 0, 0},
		{"l20", 119, 239, 0, 0.864, 48, 200, 0, 0},
		{"l40s", 362, 733, 0, 0.864, 48, 0, 0, 0},
		{"l4", 121, 242, 0, 0.300, 24, 0, 0, 0},
		{"910c", 752, 0, 0, 3.2, 128, 0, 0, 0},
		{"tpu-v5e", 197, 0, 0, 0.82, 16, 0, 0, 0},
		{"tpu-v5p", 459, 0, 0, 2.77, 95, 0, 0, 0},
		{"tpu-v6e", 918, 0, 0, 1.64, 32, 0, 0, 0},
		{"gaudi3", 1835, 1835, 0, 3.67, 128, 600, 0, 0}, // 3×200 GbE
	}
	cat := Builtin()
	if ids := cat.IDs(); len(ids) != len(rows) {
		t.Errorf("%d built-in cards, docs/design.md §hardware lists %d", len(ids), len(rows))
	}
	for i, r := range rows {
		a, err := cat.Get(r.id)
		if err != nil {
			t.Error(err)
			continue
		}
		if ids := cat.IDs(); i < len(ids) && ids[i] != r.id {
			t.Errorf("card %d is %s, want %s (docs/design.md §hardware order)", i, ids[i], r.id)
		}
		p := a.PeakFLOPsPerSecond
		if p.BF16 != r.bf16*1e12 || p.FP8 != r.fp8*1e12 || p.FP4 != r.fp4*1e12 ||
			a.MemoryBytesPerSecond != r.tbps*1e12 || a.MemoryBytes != r.gb*1e9 || a.NICBitsPerSecond != r.nicGbps*1e9 {
			t.Errorf("%s = %+v, want docs/design.md §hardware row %+v", r.id, a, r)
		}
		if a.PriceUSDPerHour < r.usdLo || a.PriceUSDPerHour > r.usdHi || a.PriceIndicative != (r.usdLo != r.usdHi) {
			t.Errorf("%s: price %v USD/h (indicative %v), want %v–%v", r.id, a.PriceUSDPerHour, a.PriceIndicative, r.usdLo, r.usdHi)
		}
		if a.InReport != (i < 4) {
			t.Errorf("%s: in_report %v", r.id, a.InReport)
		}
		if a.GPUsPerNode != 8 || DefaultGPUsPerNode != 8 {
			t.Errorf("%s: %d GPUs per node, want DefaultGPUsPerNode 8", r.id, a.GPUsPerNode)
		}
	}
}
