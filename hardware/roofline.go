package hardware

import (
	"math"

	"github.com/decost/decost/precision"
)

// Bound names the roof that limits an operation.
type Bound string

const (
	// MemoryBound: moving the bytes takes longer than computing the FLOPs.
	MemoryBound Bound = "memory"
	// ComputeBound: computing the FLOPs takes at least as long as moving the bytes.
	ComputeBound Bound = "compute"
)

// IdealSeconds is the roofline time of one operation of flops FLOPs computed as f and bytes
// bytes moved through device memory: max(flops / peak_f, bytes / bandwidth), in seconds.
func (a Accelerator) IdealSeconds(flops, bytes float64, f precision.Format) float64 {
	return math.Max(flops/a.PeakFLOPs(f), bytes/a.MemoryBytesPerSecond)
}

// IdealBound says which roof binds the operation of IdealSeconds (memory on a tie).
func (a Accelerator) IdealBound(flops, bytes float64, f precision.Format) Bound {
	if flops/a.PeakFLOPs(f) > bytes/a.MemoryBytesPerSecond {
		return ComputeBound
	}
	return MemoryBound
}
