package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/internal/stage"
	"github.com/decost/decost/kernels"
	"github.com/spf13/cobra"
)

// calibrateLong is the help of 'decost calibrate'.
const calibrateLong = `calibrate reads kernel measurements (CSV in the format of testdata/h200/gemm.csv: columns
kind, dtype, ms, flops, bytes, and optionally model, method, T, M, N, K) taken on one card,
and fits the profile decost uses for calibrated times (docs/design.md §hardware, §calibration):

  t = max(FLOPs / (peak_f × compute fraction_f), bytes / (bandwidth × bandwidth fraction)) + overhead

by least squares on the relative error (gonum), with peak_f and bandwidth from the card's
datasheet. It prints the profile, the fit error (median and worst relative error) and every
measurement next to its ideal and calibrated time. With -o it writes the profile as YAML,
usable with 'decost roofline --profile FILE'.

Left out of the fit (but listed): 'copy' rows (a CUDA-graph memcpy node, slower than a
launched copy; 'read' is the bandwidth ceiling), and FP8 rows that are memory-bound on the
ideal roofline (small T), where the stock FP8 path is weaker than tuned kernels.

The built-in calibrated profile is this command's fit of testdata/h200/gemm.csv on h200.

With --kernel-table FILE it also writes the measurements as measured kernel tables (one per
op class and dtype, id HARDWARE/measured/OP/DTYPE; format: go doc
github.com/decost/decost/kernels), priced by log-log interpolation like the built-in
InferSim, DeepEP and H200 tables. Besides this CSV format (its GEMM rows: those with M, N,
K), a measurement file may then be a kernel measurement CSV: columns op, dtype, latency_us
(µs) and the op's axes, e.g.

  op,dtype,m,n,k,latency_us
  gemm,bf16,128,4096,7168,21.5

(op classes and axes: gemm m,n,k; grouped-gemm n,k,local_experts,tokens_per_expert;
mla-decode rows,batch,kv_len; gqa-decode head_dim,kv_heads,group_rows,batch,kv_len;
dsa-indexer rows,batch,kv_len; sparse-mla-decode rows,topk,batch,kv_len; gdn-decode
v_heads,batch; dispatch and combine ep,tokens_per_rank plus hidden, topk and fabric
rdma|nvlink). Such files are converted, not fitted; with no file in this command's CSV
format it only writes the tables and lists them.`

func newCalibrateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "calibrate",
		Short: "Fit a calibration profile (fractions of peak and bandwidth, kernel overhead) to measurements",
		Long:  calibrateLong,
		Example: `  decost calibrate --measurements testdata/h200/gemm.csv --hardware h200
  decost calibrate --measurements a.csv,b.csv --hardware h100 -o h100.yaml --name h100-vllm
  decost calibrate --measurements attention.csv --hardware h100 --kernel-table h100-kernels.csv`,
		Args: cobra.NoArgs,
	}
	files := cmd.Flags().StringSlice("measurements", nil, "measurement CSV files (comma list or repeated)")
	hwID := cmd.Flags().String("hardware", "", "the card the measurements were taken on (required: no default, so that a fit is never against the wrong datasheet)")
	out := cmd.Flags().StringP("output", "o", "", "write the fitted profile to this YAML file")
	name := cmd.Flags().String("name", "", "the profile's name (default HARDWARE-calibrated)")
	kernelOut := cmd.Flags().String("kernel-table", "", "also write the measurements as kernel tables to this file (see Long help)")
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		if len(*files) == 0 {
			return fmt.Errorf("--measurements: no file given")
		}
		if *hwID == "" {
			return fmt.Errorf("--hardware: required, the card the measurements were taken on (the fit is against its datasheet)")
		}
		hw, err := flagrule.OneCard(cmd, *hwID)
		if err != nil {
			return err
		}
		ms, sources, tables, err := readMeasurements(*files, hw.ID, *kernelOut != "")
		if err != nil {
			return err
		}
		// The kernel table and the profile are staged and moved into place together: both or neither.
		staged := stage.Set{ExistingFolders: true}
		defer staged.Abort()
		if tables != nil {
			ts, err := tables.Tables()
			if err != nil {
				return fmt.Errorf("--kernel-table: %w", err)
			}
			if err := staged.Write(*kernelOut, func(w io.Writer) error { return kernels.WriteAll(w, ts) }); err != nil {
				return err
			}
			if len(ms) == 0 { // only kernel measurement CSVs: nothing to fit
				if err := staged.Commit(); err != nil {
					return err
				}
				return emit(cmd, func(w io.Writer) error { return report.KernelTables(w, *kernelOut, ts) })
			}
		}
		n := *name
		if n == "" {
			n = hw.ID + "-calibrated"
		}
		c, err := hardware.Calibrate(hw, ms, n)
		if err != nil {
			return err
		}
		if *out != "" {
			if err := staged.Write(*out, c.Profile.WriteYAML); err != nil {
				return err
			}
		}
		if err := staged.Commit(); err != nil {
			return err
		}
		return emit(cmd, func(w io.Writer) error { return report.WriteCalibration(w, f, hw, c, sources, *out) })
	}
	return cmd
}

// readMeasurements reads the --measurements files of card hwID: the measurements to fit,
// the file each comes from, and with kernelTables (--kernel-table) the kernel tables of
// their kernel rows.
func readMeasurements(files []string, hwID string, kernelTables bool) ([]hardware.Measurement, []string, *kernels.Builder, error) {
	var ms []hardware.Measurement
	var sources []string
	var tables *kernels.Builder
	if kernelTables {
		tables = kernels.NewBuilder(hwID)
	}
	for _, path := range files {
		got, err := readMeasurementFile(path, tables)
		if err != nil {
			return nil, nil, nil, err
		}
		for range got {
			sources = append(sources, filepath.Base(path))
		}
		ms = append(ms, got...)
	}
	return ms, sources, tables, nil
}

// readMeasurementFile reads one --measurements file. With tables (--kernel-table) it also
// adds the file's kernel rows to them, and accepts kernel measurement CSVs too (which have
// no rows to fit).
func readMeasurementFile(path string, tables *kernels.Builder) ([]hardware.Measurement, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--measurements: %w", err)
	}
	defer r.Close()
	if tables != nil {
		return tables.ReadCSV(r, path)
	}
	ms, err := hardware.ReadMeasurements(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ms, nil
}
