package report

import (
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
	"github.com/decost/decost/render"
)

// HardwareTable lists cards with their peaks, memory, network, price and unit costs.
func HardwareTable(cards []hardware.Accelerator) *render.Table {
	// scaled shows a rate or size divided by unit (1e12: tera, 1e9: giga), "–" for none.
	scaled := func(unit float64) func(any) string {
		return func(v any) string {
			if x, ok := v.(float64); ok {
				if x == 0 {
					return "–"
				}
				return render.Sig(4)(x / unit)
			}
			return render.Plain(v)
		}
	}
	tera, giga := scaled(1e12), scaled(1e9)
	orDash := func(v any) string {
		if x, ok := v.(float64); v == nil || ok && x == 0 {
			return "–"
		}
		return render.Sig(4)(v)
	}
	t := &render.Table{
		Columns: []render.Column{
			{Key: "id", Header: "id"},
			{Key: "name", Header: "name", Detail: true},
			{Key: "bf16_flops_per_second", Header: "BF16 TFLOP/s", Show: tera},
			{Key: "fp8_flops_per_second", Header: "FP8 TFLOP/s", Show: tera},
			{Key: "fp4_flops_per_second", Header: "FP4 TFLOP/s", Show: tera, Detail: true},
			{Key: "memory_bytes_per_second", Header: "HBM TB/s", Show: tera},
			{Key: "memory_bytes", Header: "HBM GB", Show: giga},
			{Key: "nic_bits_per_second", Header: "NIC Gb/s", Show: giga},
			{Key: "gpus_per_node", Header: "GPUs/node", Detail: true},
			{Key: "price_usd_per_hour", Header: "$/GPU-h", Show: orDash},
			{Key: "ridge_flops_per_byte", Header: "ridge FLOP/B", Show: render.Sig(4)},
			{Key: "usd_per_flop", Header: "$/FLOP", Show: render.Sci(3), Detail: true},
			{Key: "usd_per_byte", Header: "$/byte", Show: render.Sci(3), Detail: true},
			{Key: "note", Header: "note"},
		},
		Caption: "Dense peak rates. Ridge and $/FLOP at FP8 where the card has it, else BF16. Prices marked indicative are market estimates; override with --price ID=USD.",
	}
	for _, a := range cards {
		// No price: the price and unit-cost cells are empty in CSV and null in JSON, not 0.
		var price, perFLOP, perByte any
		if a.HasPrice() {
			price, perFLOP, perByte = a.PriceUSDPerHour, a.USDPerFLOP(precision.FP8), a.USDPerByte()
		}
		p := a.PeakFLOPsPerSecond
		t.Add(a.ID, a.Name, p.BF16, p.FP8, p.FP4, a.MemoryBytesPerSecond, a.MemoryBytes, a.NICBitsPerSecond,
			a.GPUsPerNode, price, a.RidgeFLOPsPerByte(precision.FP8), perFLOP, perByte, a.Note)
	}
	return t
}

// HardwareShow is what 'decost hardware show' prints (its JSON form).
type HardwareShow struct {
	hardware.Accelerator
	// FP8ComputesIn is the format the card computes in when a model asks for FP8.
	FP8ComputesIn precision.Format `json:"fp8_computes_in"`
	// RidgeFLOPsPerByteFP8 and …BF16 are the ridge points (peak ÷ bandwidth) in FLOP per byte.
	RidgeFLOPsPerByteFP8  float64 `json:"ridge_flops_per_byte_fp8"`
	RidgeFLOPsPerByteBF16 float64 `json:"ridge_flops_per_byte_bf16"`
	// USDPerFLOPFP8, …BF16 and USDPerByte are the unit costs in USD (price / 3600 / peak or
	// bandwidth); absent without a price.
	USDPerFLOPFP8  float64 `json:"usd_per_flop_fp8,omitempty"`
	USDPerFLOPBF16 float64 `json:"usd_per_flop_bf16,omitempty"`
	USDPerByte     float64 `json:"usd_per_byte,omitempty"`
	// NodeNICBytesPerSecond is a node's NICs together, in bytes per second.
	NodeNICBytesPerSecond float64 `json:"node_nic_bytes_per_second"`
	// Profile is the calibration profile calibrated times on the card use;
	// ProfileFromHardwareFile says a --hardware-file gave it.
	Profile                 hardware.Profile `json:"profile"`
	ProfileFromHardwareFile bool             `json:"profile_from_hardware_file"`
}

// NewHardwareShow gathers what 'hardware show' prints: card a and profile p, from a
// --hardware-file when fromFile.
func NewHardwareShow(a hardware.Accelerator, p hardware.Profile, fromFile bool) HardwareShow {
	g, _ := a.Compute(precision.FP8)
	r := HardwareShow{
		Accelerator: a, FP8ComputesIn: g,
		RidgeFLOPsPerByteFP8: a.RidgeFLOPsPerByte(precision.FP8), RidgeFLOPsPerByteBF16: a.RidgeFLOPsPerByte(precision.BF16),
		NodeNICBytesPerSecond: a.NodeNICBytesPerSecond(), Profile: p, ProfileFromHardwareFile: fromFile,
	}
	if a.HasPrice() {
		r.USDPerFLOPFP8, r.USDPerFLOPBF16, r.USDPerByte = a.USDPerFLOP(precision.FP8), a.USDPerFLOP(precision.BF16), a.USDPerByte()
	}
	return r
}

// Table lays the record out as rows of section, item, value and note.
func (r HardwareShow) Table() *render.Table {
	t := &render.Table{
		Columns: []render.Column{
			{Key: "section", Header: "section"},
			{Key: "item", Header: "item"},
			{Key: "value", Header: "value", Show: render.Sig(6)},
			{Key: "note", Header: "note"},
		},
		Caption: "Dense peak rates. Unit costs as the report: $/FLOP = price / 3600 / peak, $/byte = price / 3600 / bandwidth.",
	}
	a := r.Accelerator
	t.Add("card", "id", a.ID, "")
	t.Add("card", "name", a.Name, "")
	if a.Note != "" {
		t.Add("card", "note", a.Note, "")
	}
	t.Add("card", "in the Step-3 report", a.InReport, map[bool]string{true: "kept exactly", false: ""}[a.InReport])
	for _, x := range []struct {
		name string
		v    float64
	}{{"BF16", a.PeakFLOPsPerSecond.BF16}, {"FP8", a.PeakFLOPsPerSecond.FP8}, {"FP4", a.PeakFLOPsPerSecond.FP4}} {
		note := ""
		if x.v == 0 {
			note = "not supported"
		}
		t.Add("compute", x.name+" peak TFLOP/s", x.v/1e12, note)
	}
	fp8 := ""
	if r.FP8ComputesIn != precision.FP8 {
		fp8 = "no FP8: models asking for FP8 compute in " + string(r.FP8ComputesIn) + " (8-bit weights and KV keep their bytes)"
	}
	t.Add("compute", "FP8 computes in", string(r.FP8ComputesIn), fp8)
	t.Add("memory", "bandwidth TB/s", a.MemoryBytesPerSecond/1e12, "")
	t.Add("memory", "capacity GB", a.MemoryBytes/1e9, "")
	nic := ""
	if a.NICBitsPerSecond == 0 {
		nic = "no scale-out NIC"
	}
	t.Add("network", "NIC Gb/s per GPU", a.NICBitsPerSecond/1e9, nic)
	t.Add("network", "GPUs per node", a.GPUsPerNode, "")
	t.Add("network", "node NIC GB/s", r.NodeNICBytesPerSecond/1e9, "GPUs per node × NIC")
	price := "no price: dollar costs need --price " + a.ID + "=USD"
	switch {
	case a.HasPrice() && a.PriceIndicative:
		price = "indicative market price; override with --price or --hardware-file"
	case a.HasPrice():
		price = ""
	}
	t.Add("price", "USD per GPU-hour", a.PriceUSDPerHour, price)
	hasFP8 := r.FP8ComputesIn == precision.FP8
	if hasFP8 {
		t.Add("roofline", "ridge FLOP/byte at fp8", r.RidgeFLOPsPerByteFP8, "peak ÷ bandwidth")
	}
	t.Add("roofline", "ridge FLOP/byte at bf16", r.RidgeFLOPsPerByteBF16, "peak ÷ bandwidth")
	if a.HasPrice() {
		if hasFP8 {
			t.Add("unit cost", "USD per FLOP at fp8", r.USDPerFLOPFP8, "")
		}
		t.Add("unit cost", "USD per FLOP at bf16", r.USDPerFLOPBF16, "")
		t.Add("unit cost", "USD per byte", r.USDPerByte, "")
	}
	p := r.Profile
	from := "built-in default (" + p.Source + ")"
	if r.ProfileFromHardwareFile {
		from = "from --hardware-file"
		if p.Source != "" {
			from += " (" + p.Source + ")"
		}
	}
	t.Add("calibration", "profile", p.Name, from)
	t.Add("calibration", "compute fraction bf16", p.ComputeFraction.BF16, "of peak")
	t.Add("calibration", "compute fraction fp8", p.ComputeFraction.FP8, "of peak")
	if p.ComputeFraction.FP4 > 0 {
		t.Add("calibration", "compute fraction fp4", p.ComputeFraction.FP4, "of peak")
	}
	t.Add("calibration", "bandwidth fraction", p.BandwidthFraction, "of datasheet bandwidth")
	t.Add("calibration", "kernel overhead µs", us(p.KernelOverheadSeconds), "added to every kernel's time")
	return t
}
