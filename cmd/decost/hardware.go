package main

import (
	"io"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

func newHardwareCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hardware",
		Short: "List the accelerator catalogue: peaks, bandwidth, memory, network, price, unit costs",
		Long: `hardware lists the built-in accelerators (DESIGN §5). The first four rows (h800, h20, a800,
910b) are the Step-3 report's and are kept exactly; the other prices are indicative market
prices, overridable with --price. Rates are dense peaks.

Unit costs are the report's: $/FLOP = price / 3600 / peak FLOP/s (FP8 where the card has it,
else BF16), $/byte = price / 3600 / memory bandwidth. The ridge point (peak ÷ bandwidth, in
FLOP per byte) is where an operation turns from memory-bound to compute-bound.`,
		Args: cobra.NoArgs,
	}
	prices := cmd.Flags().StringArray("price", nil, "override a card's price, ID=USD per GPU-hour (repeatable)")
	format := formatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		cat, err := catalogueWithPrices(*prices)
		if err != nil {
			return err
		}
		cards, err := parseHardware(cat, "all", false)
		if err != nil {
			return err
		}
		return emit(cmd, func(w io.Writer) error { return hardwareTable(cards).Write(w, f) })
	}
	return cmd
}

func hardwareTable(cards []hardware.Accelerator) *render.Table {
	tera := func(v any) string {
		if x, ok := v.(float64); ok {
			if x == 0 {
				return "–"
			}
			return render.Sig(4)(x / 1e12)
		}
		return render.Plain(v)
	}
	giga := func(v any) string {
		if x, ok := v.(float64); ok {
			if x == 0 {
				return "–"
			}
			return render.Sig(4)(x / 1e9)
		}
		return render.Plain(v)
	}
	orDash := func(v any) string {
		if x, ok := v.(float64); ok && x == 0 {
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
		var perFLOP, perByte any
		if a.HasPrice() {
			perFLOP, perByte = a.USDPerFLOP(precision.FP8), a.USDPerByte()
		}
		p := a.PeakFLOPsPerSecond
		t.Add(a.ID, a.Name, p.BF16, p.FP8, p.FP4, a.MemoryBytesPerSecond, a.MemoryBytes, a.NICBitsPerSecond,
			a.GPUsPerNode, a.PriceUSDPerHour, a.RidgeFLOPsPerByte(precision.FP8), perFLOP, perByte, a.Note)
	}
	return t
}
