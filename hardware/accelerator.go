// Package hardware describes accelerators: their peak compute per number format, memory
// bandwidth and capacity, network, and hourly price, and what an operation costs on them in
// time (roofline) and in dollars (unit costs).
//
// Which file holds what (docs/design.md §hardware, §calibration):
//   - accelerator.go: Accelerator, its peaks, unit costs (USDPerFLOP, USDPerByte) and ridge.
//   - catalogue.go: the built-in cards as keyed rows (Builtin, ReportIDs) and Catalogue.
//   - file.go, file_yaml.go: a user's hardware file (--hardware-file), cards and profiles.
//   - roofline.go: the ideal time and bound of one operation (IdealSeconds, IdealBound).
//   - profile.go: calibration profiles (Profile, Ideal, DefaultProfile, ReadProfile) and the
//     calibrated time of an operation; profiles/h200.yaml is the built-in one.
//   - measurement.go, calibrate.go: the kernel measurement CSV (ReadMeasurements, capped in
//     size and line length) and the least-squares fit of a profile to it (Calibrate).
//
// Measured kernel tables, which price an op before a profile does, are package kernels.
package hardware

import (
	"fmt"
	"math"

	"github.com/decost/decost/precision"
)

// Accelerator is one GPU or NPU. Rates are dense (non-sparse) peaks.
type Accelerator struct {
	// ID is the short identifier used on the command line (docs/design.md §hardware), e.g. "h800".
	ID string `json:"id" yaml:"id"`
	// Name is the product name.
	Name string `json:"name" yaml:"name"`
	// PeakFLOPsPerSecond is the dense peak compute rate per format in FLOP/s. A format
	// missing here is not supported; see Compute for the fallback.
	PeakFLOPsPerSecond Peaks `json:"peak_flops_per_second" yaml:"peak_flops_per_second"`
	// MemoryBytesPerSecond is the HBM (or GDDR) bandwidth in bytes/s.
	MemoryBytesPerSecond float64 `json:"memory_bytes_per_second" yaml:"memory_bytes_per_second"`
	// MemoryBytes is the device memory capacity in bytes (10^9 per GB).
	MemoryBytes float64 `json:"memory_bytes" yaml:"memory_bytes"`
	// NICBitsPerSecond is the scale-out network bandwidth per GPU in bit/s; 0 when the card
	// has no scale-out NIC of its own.
	NICBitsPerSecond float64 `json:"nic_bits_per_second" yaml:"nic_bits_per_second"`
	// ScaleUpBytesPerSecond is the scale-up (NVLink-class) bandwidth of one GPU to the other
	// GPUs of its node, one direction, in bytes/s (half the bidirectional figure vendors
	// quote: H800 400 GB/s → 200e9, H100/H200/H20 900 GB/s → 450e9); 0 when unknown, and
	// traffic inside a node is then priced over the NIC.
	ScaleUpBytesPerSecond float64 `json:"scale_up_bytes_per_second,omitempty" yaml:"scale_up_bytes_per_second,omitempty"`
	// GPUsPerNode is how many cards share a node (and its NVLink-class scale-up domain);
	// DefaultGPUsPerNode for every built-in card and a hardware file's new card.
	GPUsPerNode int `json:"gpus_per_node" yaml:"gpus_per_node"`
	// PriceUSDPerHour is the rental price of one card in USD per hour; 0 means unknown.
	PriceUSDPerHour float64 `json:"price_usd_per_hour" yaml:"price_usd_per_hour"`
	// PriceIndicative says the price is a market estimate, not the report's figure.
	PriceIndicative bool `json:"price_indicative" yaml:"price_indicative"`
	// InReport says the row is one of the Step-3 report's four cards, kept exactly.
	InReport bool `json:"in_report" yaml:"in_report"`
	// Note says anything else a user should know about the row.
	Note string `json:"note,omitempty" yaml:"note,omitempty"`
}

// Peaks are dense peak compute rates in FLOP/s per format; 0 means not supported.
type Peaks struct {
	BF16 float64 `json:"bf16" yaml:"bf16"`
	FP8  float64 `json:"fp8,omitempty" yaml:"fp8,omitempty"`
	FP4  float64 `json:"fp4,omitempty" yaml:"fp4,omitempty"`
}

// rate returns the peak for exactly format f (FP16 counts as BF16), 0 if not supported.
func (p Peaks) rate(f precision.Format) float64 {
	switch f {
	case precision.FP4:
		return p.FP4
	case precision.FP8:
		return p.FP8
	case precision.BF16, precision.FP16:
		return p.BF16
	}
	return 0
}

// MaxNICBitsPerSecond is the fastest NIC per GPU decost accepts, 10^15 bit/s (1 Pbit/s,
// over a thousand times today's 800 Gbit/s): beyond it a value is a typo, not a card.
const MaxNICBitsPerSecond = 1e15

// Compute returns the format the card computes in when asked for f, and its peak in FLOP/s.
// A card without f computes in the next wider format it has: FP4 → FP8 → BF16; INT8 weights
// are dequantised and computed in BF16 (as the report assumes on A800 and 910B), and so is
// anything else the card lacks.
func (a Accelerator) Compute(f precision.Format) (precision.Format, float64) {
	var try []precision.Format
	switch f {
	case precision.FP4:
		try = []precision.Format{precision.FP4, precision.FP8}
	case precision.FP8:
		try = []precision.Format{precision.FP8}
	case precision.FP16:
		try = []precision.Format{precision.FP16}
	}
	for _, g := range try {
		if r := a.PeakFLOPsPerSecond.rate(g); r > 0 {
			return g, r
		}
	}
	return precision.BF16, a.PeakFLOPsPerSecond.BF16
}

// PeakFLOPs is the peak rate in FLOP/s at which the card computes when asked for f.
func (a Accelerator) PeakFLOPs(f precision.Format) float64 {
	_, r := a.Compute(f)
	return r
}

// USDPerFLOP is the report's unit cost of compute: price / 3600 / peak FLOP/s at the format
// the card computes in when asked for f.
func (a Accelerator) USDPerFLOP(f precision.Format) float64 {
	return a.PriceUSDPerHour / 3600 / a.PeakFLOPs(f)
}

// USDPerByte is the report's unit cost of memory traffic: price / 3600 / bandwidth.
func (a Accelerator) USDPerByte() float64 {
	return a.PriceUSDPerHour / 3600 / a.MemoryBytesPerSecond
}

// RidgeFLOPsPerByte is the roofline ratio, peak FLOP/s ÷ memory bytes/s, at the format the
// card computes in when asked for f: an operation of higher arithmetic intensity is
// compute-bound.
func (a Accelerator) RidgeFLOPsPerByte(f precision.Format) float64 {
	return a.PeakFLOPs(f) / a.MemoryBytesPerSecond
}

// DefaultGPUsPerNode is the cards of one node when nothing says otherwise: 8, as every
// built-in card's HGX/OAM board (and a hardware file's new card unless gpus_per_node is given).
const DefaultGPUsPerNode = 8

// NodeNICBytesPerSecond is the scale-out bandwidth of one node (GPUsPerNode NICs) in bytes/s.
func (a Accelerator) NodeNICBytesPerSecond() float64 {
	return float64(a.GPUsPerNode) * a.NICBitsPerSecond / 8
}

// Validate reports the first field that makes the card unusable for an analysis.
func (a Accelerator) Validate() error {
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	switch {
	case a.ID == "":
		return fmt.Errorf("hardware: id is empty")
	case bad(a.PeakFLOPsPerSecond.BF16) || a.PeakFLOPsPerSecond.BF16 == 0:
		return fmt.Errorf("hardware %s: peak_flops_per_second.bf16 must be positive, got %v", a.ID, a.PeakFLOPsPerSecond.BF16)
	case bad(a.PeakFLOPsPerSecond.FP8) || bad(a.PeakFLOPsPerSecond.FP4):
		return fmt.Errorf("hardware %s: peak_flops_per_second must be 0 or positive", a.ID)
	case bad(a.MemoryBytesPerSecond) || a.MemoryBytesPerSecond == 0:
		return fmt.Errorf("hardware %s: memory_bytes_per_second must be positive, got %v", a.ID, a.MemoryBytesPerSecond)
	case bad(a.MemoryBytes) || bad(a.NICBitsPerSecond) || bad(a.ScaleUpBytesPerSecond):
		return fmt.Errorf("hardware %s: memory_bytes, nic_bits_per_second and scale_up_bytes_per_second must be 0 or positive", a.ID)
	case a.GPUsPerNode < 0:
		return fmt.Errorf("hardware %s: gpus_per_node must be 0 or positive, got %d", a.ID, a.GPUsPerNode)
	case bad(a.PriceUSDPerHour):
		return fmt.Errorf("hardware %s: price_usd_per_hour must be 0 (unknown) or positive, got %v", a.ID, a.PriceUSDPerHour)
	}
	return nil
}

// HasPrice reports whether the card has a price, so that dollar costs can be computed.
func (a Accelerator) HasPrice() bool { return a.PriceUSDPerHour > 0 }
