package hardware

import (
	"fmt"
	"sort"
	"strings"
)

// Units for writing the catalogue.
const (
	tera = 1e12
	giga = 1e9
)

// ReportIDs returns the ids of the Step-3 report's four cards, in the report's order. Each
// call returns a fresh slice.
func ReportIDs() []string { return []string{"h800", "h20", "a800", "910b"} }

// row is one catalogue line in the units the vendors and docs/design.md §hardware write:
// TFLOP/s, TB/s, GB, Gb/s and USD per GPU-hour. Keyed literals keep each number next to its
// unit.
type row struct {
	ID, Name                         string
	BF16TFLOPs, FP8TFLOPs, FP4TFLOPs float64 // dense peaks; 0 = format not supported
	MemoryTBps, MemoryGB             float64 // HBM bandwidth (10^12 B/s) and capacity (10^9 B)
	NICGbps                          float64 // scale-out NIC per GPU (10^9 bit/s); 0 = none
	ScaleUpGBps                      float64 // NVLink per GPU, one direction (10^9 B/s); 0 = unknown
	PriceUSDPerHour                  float64 // 0 = no price known
	PriceIndicative                  bool    // a market estimate, not the report's figure
	InReport                         bool    // one of the report's four cards, kept exactly
	Note                             string
}

// accelerator converts a row to SI units; every built-in card has DefaultGPUsPerNode (8)
// GPUs per node.
func (r row) accelerator() Accelerator {
	return Accelerator{
		ID: r.ID, Name: r.Name,
		PeakFLOPsPerSecond:   Peaks{BF16: r.BF16TFLOPs * tera, FP8: r.FP8TFLOPs * tera, FP4: r.FP4TFLOPs * tera},
		MemoryBytesPerSecond: r.MemoryTBps * tera, MemoryBytes: r.MemoryGB * giga,
		NICBitsPerSecond: r.NICGbps * giga, ScaleUpBytesPerSecond: r.ScaleUpGBps * giga, GPUsPerNode: DefaultGPUsPerNode,
		PriceUSDPerHour: r.PriceUSDPerHour, PriceIndicative: r.PriceIndicative && r.PriceUSDPerHour > 0,
		InReport: r.InReport, Note: r.Note,
	}
}

// catalogue returns the built-in cards (docs/design.md §hardware). The first four rows are
// the report's and are kept exactly; the other prices are indicative market prices (the
// middle of the quoted range), or 0 where none is known.
func catalogue() []Accelerator {
	rows := []row{
		{
			ID: "h800", Name: "NVIDIA H800",
			BF16TFLOPs: 989, FP8TFLOPs: 1980,
			MemoryTBps: 3.35, MemoryGB: 80, NICGbps: 400, ScaleUpGBps: 200,
			PriceUSDPerHour: 2.00, InReport: true,
			Note: "report",
		},
		{
			ID: "h20", Name: "NVIDIA H20",
			BF16TFLOPs: 148, FP8TFLOPs: 296,
			MemoryTBps: 4.0, MemoryGB: 96, NICGbps: 400, ScaleUpGBps: 450,
			PriceUSDPerHour: 0.80, InReport: true,
			Note: "report",
		},
		{
			ID: "a800", Name: "NVIDIA A800",
			BF16TFLOPs: 312,
			MemoryTBps: 2.0, MemoryGB: 80, NICGbps: 200, ScaleUpGBps: 200,
			PriceUSDPerHour: 0.75, InReport: true,
			Note: "report; no FP8: INT8 weights and KV, BF16 compute",
		},
		{
			ID: "910b", Name: "Huawei Ascend 910B",
			BF16TFLOPs: 280,
			MemoryTBps: 1.6, MemoryGB: 64, NICGbps: 200,
			PriceUSDPerHour: 0.67, InReport: true,
			Note: "report (weakest SKU; price scaled from A800 by FLOPs); no FP8: INT8 weights and KV, BF16 compute",
		},
		{
			ID: "h100", Name: "NVIDIA H100 SXM",
			BF16TFLOPs: 989, FP8TFLOPs: 1979,
			MemoryTBps: 3.35, MemoryGB: 80, NICGbps: 400, ScaleUpGBps: 450,
			PriceUSDPerHour: 2.5, PriceIndicative: true,
			Note: "price indicative (~2.0–3.0)",
		},
		{
			ID: "h200", Name: "NVIDIA H200 SXM",
			BF16TFLOPs: 989, FP8TFLOPs: 1979,
			MemoryTBps: 4.8, MemoryGB: 141, NICGbps: 400, ScaleUpGBps: 450,
			PriceUSDPerHour: 2.9, PriceIndicative: true,
			Note: "price indicative (~2.3–3.5)",
		},
		{
			ID: "a100", Name: "NVIDIA A100 80GB",
			BF16TFLOPs: 312,
			MemoryTBps: 2.04, MemoryGB: 80, NICGbps: 200, ScaleUpGBps: 300,
			PriceUSDPerHour: 1.25, PriceIndicative: true,
			Note: "price indicative (~1.0–1.5); no FP8",
		},
		{
			ID: "b200", Name: "NVIDIA B200",
			BF16TFLOPs: 2250, FP8TFLOPs: 4500, FP4TFLOPs: 9000,
			MemoryTBps: 8.0, MemoryGB: 180, NICGbps: 400, ScaleUpGBps: 900,
			PriceUSDPerHour: 4.875, PriceIndicative: true,
			Note: "price indicative (~3.75–6)",
		},
		{
			ID: "gb200", Name: "NVIDIA GB200 (per GPU)",
			BF16TFLOPs: 2500, FP8TFLOPs: 5000, FP4TFLOPs: 10000,
			MemoryTBps: 8.0, MemoryGB: 186, NICGbps: 400, ScaleUpGBps: 900,
			PriceUSDPerHour: 0,
			Note:            "NVL72 scale-up domain; no price",
		},
		{
			ID: "mi300x", Name: "AMD Instinct MI300X",
			BF16TFLOPs: 1307, FP8TFLOPs: 2615,
			MemoryTBps: 5.3, MemoryGB: 192, NICGbps: 400,
			PriceUSDPerHour: 1.75, PriceIndicative: true,
			Note: "price indicative (~1.5–2.0)",
		},
		{
			ID: "mi325x", Name: "AMD Instinct MI325X",
			BF16TFLOPs: 1307, FP8TFLOPs: 2615,
			MemoryTBps: 6.0, MemoryGB: 256, NICGbps: 400,
			PriceUSDPerHour: 0,
			Note:            "no price",
		},
		{
			ID: "mi355x", Name: "AMD Instinct MI355X",
			BF16TFLOPs: 2500, FP8TFLOPs: 5000, FP4TFLOPs: 10000,
			MemoryTBps: 8.0, MemoryGB: 288, NICGbps: 400,
			PriceUSDPerHour: 0,
			Note:            "rates approximate; no price",
		},
		{
			ID: "l20", Name: "NVIDIA L20",
			BF16TFLOPs: 119, FP8TFLOPs: 239,
			MemoryTBps: 0.864, MemoryGB: 48, NICGbps: 200,
			PriceUSDPerHour: 0,
			Note:            "rates approximate; the report uses its 864 GB/s; no price",
		},
		{
			ID: "l40s", Name: "NVIDIA L40S",
			BF16TFLOPs: 362, FP8TFLOPs: 733,
			MemoryTBps: 0.864, MemoryGB: 48,
			PriceUSDPerHour: 0,
			Note:            "PCIe only; no price",
		},
		{
			ID: "l4", Name: "NVIDIA L4",
			BF16TFLOPs: 121, FP8TFLOPs: 242,
			MemoryTBps: 0.300, MemoryGB: 24,
			PriceUSDPerHour: 0,
			Note:            "rates approximate; the report uses its 300 GB/s; no NIC; no price",
		},
		{
			ID: "910c", Name: "Huawei Ascend 910C",
			BF16TFLOPs: 752,
			MemoryTBps: 3.2, MemoryGB: 128,
			PriceUSDPerHour: 0,
			Note:            "rates approximate; no FP8; no price",
		},
		{
			ID: "tpu-v5e", Name: "Google TPU v5e",
			BF16TFLOPs: 197,
			MemoryTBps: 0.82, MemoryGB: 16,
			PriceUSDPerHour: 0,
			Note:            "no FP8; no price",
		},
		{
			ID: "tpu-v5p", Name: "Google TPU v5p",
			BF16TFLOPs: 459,
			MemoryTBps: 2.77, MemoryGB: 95,
			PriceUSDPerHour: 0,
			Note:            "no FP8; no price",
		},
		{
			ID: "tpu-v6e", Name: "Google TPU v6e",
			BF16TFLOPs: 918,
			MemoryTBps: 1.64, MemoryGB: 32,
			PriceUSDPerHour: 0,
			Note:            "no FP8; no price",
		},
		{
			ID: "gaudi3", Name: "Intel Gaudi 3",
			BF16TFLOPs: 1835, FP8TFLOPs: 1835,
			MemoryTBps: 3.67, MemoryGB: 128, NICGbps: 600,
			PriceUSDPerHour: 0,
			Note:            "NIC 3×200 GbE; no price",
		},
	}
	cards := make([]Accelerator, len(rows))
	for i, r := range rows {
		cards[i] = r.accelerator()
	}
	return cards
}

// Catalogue is a set of accelerators by id: the built-in cards, possibly with user changes.
// It is a plain value; change it only before sharing it between goroutines.
type Catalogue struct {
	cards map[string]Accelerator
	order []string
}

// Builtin returns a fresh catalogue of the built-in cards.
func Builtin() *Catalogue {
	c := &Catalogue{cards: map[string]Accelerator{}}
	for _, a := range catalogue() {
		c.Put(a)
	}
	return c
}

// Put adds a card or replaces the one with the same id.
func (c *Catalogue) Put(a Accelerator) {
	if _, ok := c.cards[a.ID]; !ok {
		c.order = append(c.order, a.ID)
	}
	c.cards[a.ID] = a
}

// IDs lists the card ids in catalogue order (built-in first).
func (c *Catalogue) IDs() []string { return append([]string(nil), c.order...) }

// Get returns the card with the given id.
func (c *Catalogue) Get(id string) (Accelerator, error) {
	a, ok := c.cards[id]
	if !ok {
		ids := c.IDs()
		sort.Strings(ids)
		return Accelerator{}, fmt.Errorf("unknown hardware %q (known: %s)", id, strings.Join(ids, ", "))
	}
	return a, nil
}

// SetPrice overrides the hourly price of card id, in USD per GPU-hour.
func (c *Catalogue) SetPrice(id string, usdPerHour float64) error {
	a, err := c.Get(id)
	if err != nil {
		return err
	}
	if !(usdPerHour > 0) || usdPerHour > 1e6 {
		return fmt.Errorf("price of %s must be a positive number of USD per hour, got %v", id, usdPerHour)
	}
	a.PriceUSDPerHour, a.PriceIndicative = usdPerHour, false
	a.Note = strings.TrimSpace(a.Note + "; price set by user")
	c.Put(a)
	return nil
}
