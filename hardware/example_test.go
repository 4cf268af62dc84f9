package hardware_test

import (
	"fmt"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
)

// One card of the catalogue, its unit costs and the time of one operation on it, ideal and
// calibrated (docs/design.md §hardware, §calibration): a 7168×18432 FP8 GEMM on 64 tokens
// on H20. H20's low ridge point makes even 64 tokens (about 2·64 = 128 FLOP per weight byte)
// compute-bound.
func ExampleAccelerator_IdealSeconds() {
	h20, err := hardware.Builtin().Get("h20")
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s: %.0f TFLOP/s FP8, %.1f TB/s, ridge %.0f FLOP/B, $%.2f per GPU-hour\n",
		h20.Name, h20.PeakFLOPs(precision.FP8)/1e12, h20.MemoryBytesPerSecond/1e12,
		h20.RidgeFLOPsPerByte(precision.FP8), h20.PriceUSDPerHour)
	const t, k, n = 64, 7168, 18432
	flops := 2.0 * t * k * n
	bytes := k*n*1.0 + t*k*1.0 + t*n*2.0 // FP8 weights and inputs, BF16 outputs
	fmt.Printf("GEMM: %s-bound, ideal %.1f µs, calibrated %.1f µs (%s)\n",
		h20.IdealBound(flops, bytes, precision.FP8), h20.IdealSeconds(flops, bytes, precision.FP8)*1e6,
		h20.CalibratedSeconds(hardware.DefaultProfile(), flops, bytes, precision.FP8)*1e6, hardware.DefaultProfile().Name)
	// Output:
	// NVIDIA H20: 296 TFLOP/s FP8, 4.0 TB/s, ridge 74 FLOP/B, $0.80 per GPU-hour
	// GEMM: compute-bound, ideal 57.1 µs, calibrated 90.9 µs (h200-cublas)
}
