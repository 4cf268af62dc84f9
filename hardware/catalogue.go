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

// ReportIDs are the ids of the Step-3 report's four cards, in the report's order.
var ReportIDs = []string{"h800", "h20", "a800", "910b"}

// catalogue returns the built-in cards (DESIGN §5). The first four rows are the report's and
// are kept exactly; the other prices are indicative market prices (the middle of the range
// DESIGN §5 gives), or 0 where none is given.
func catalogue() []Accelerator {
	// card writes one row in the units of DESIGN §5: TFLOP/s, TB/s, GB, Gb/s, USD per hour.
	card := func(id, name string, bf16, fp8, fp4, tbps, gb, nicGbps, price float64, indicative bool, note string) Accelerator {
		return Accelerator{
			ID: id, Name: name,
			PeakFLOPsPerSecond:   Peaks{BF16: bf16 * tera, FP8: fp8 * tera, FP4: fp4 * tera},
			MemoryBytesPerSecond: tbps * tera, MemoryBytes: gb * giga,
			NICBitsPerSecond: nicGbps * giga, GPUsPerNode: 8,
			PriceUSDPerHour: price, PriceIndicative: indicative && price > 0, Note: note,
		}
	}
	report := func(a Accelerator) Accelerator { a.InReport = true; return a }
	return []Accelerator{
		report(card("h800", "NVIDIA H800", 989, 1980, 0, 3.35, 80, 400, 2.00, false, "report")),
		report(card("h20", "NVIDIA H20", 148, 296, 0, 4.0, 96, 400, 0.80, false, "report")),
		report(card("a800", "NVIDIA A800", 312, 0, 0, 2.0, 80, 200, 0.75, false, "report; no FP8: INT8 weights and KV, BF16 compute")),
		report(card("910b", "Huawei Ascend 910B", 280, 0, 0, 1.6, 64, 200, 0.67, false, "report (weakest SKU; price scaled from A800 by FLOPs); no FP8: INT8 weights and KV, BF16 compute")),
		card("h100", "NVIDIA H100 SXM", 989, 1979, 0, 3.35, 80, 400, 2.5, true, "price indicative (~2.0–3.0)"),
		card("h200", "NVIDIA H200 SXM", 989, 1979, 0, 4.8, 141, 400, 2.9, true, "price indicative (~2.3–3.5)"),
		card("a100", "NVIDIA A100 80GB", 312, 0, 0, 2.04, 80, 200, 1.25, true, "price indicative (~1.0–1.5); no FP8"),
		card("b200", "NVIDIA B200", 2250, 4500, 9000, 8.0, 180, 400, 4.875, true, "price indicative (~3.75–6)"),
		card("gb200", "NVIDIA GB200 (per GPU)", 2500, 5000, 10000, 8.0, 186, 400, 0, false, "NVL72 scale-up domain; no price"),
		card("mi300x", "AMD Instinct MI300X", 1307, 2615, 0, 5.3, 192, 400, 1.75, true, "price indicative (~1.5–2.0)"),
		card("mi325x", "AMD Instinct MI325X", 1307, 2615, 0, 6.0, 256, 400, 0, false, "no price"),
		card("mi355x", "AMD Instinct MI355X", 2500, 5000, 10000, 8.0, 288, 400, 0, false, "rates approximate; no price"),
		card("l20", "NVIDIA L20", 119, 239, 0, 0.864, 48, 200, 0, false, "rates approximate; the report uses its 864 GB/s; no price"),
		card("l40s", "NVIDIA L40S", 362, 733, 0, 0.864, 48, 0, 0, false, "PCIe only; no price"),
		card("l4", "NVIDIA L4", 121, 242, 0, 0.300, 24, 0, 0, false, "rates approximate; the report uses its 300 GB/s; no NIC; no price"),
		card("910c", "Huawei Ascend 910C", 752, 0, 0, 3.2, 128, 0, 0, false, "rates approximate; no FP8; no price"),
		card("tpu-v5e", "Google TPU v5e", 197, 0, 0, 0.82, 16, 0, 0, false, "no FP8; no price"),
		card("tpu-v5p", "Google TPU v5p", 459, 0, 0, 2.77, 95, 0, 0, false, "no FP8; no price"),
		card("tpu-v6e", "Google TPU v6e", 918, 0, 0, 1.64, 32, 0, 0, false, "no FP8; no price"),
		card("gaudi3", "Intel Gaudi 3", 1835, 1835, 0, 3.67, 128, 600, 0, false, "NIC 3×200 GbE; no price"),
	}
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
