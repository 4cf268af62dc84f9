// Command mktables converts the published measurements in /work/shared/data (InferSim's
// bench_data, DeepGEMM's and DeepEP's README numbers, the H200 GEMM run) into decost kernel
// table files under kernels/data. It is run by hand when a source changes:
//
//	go run ./kernels/internal/mktables -src /work/shared/data -out kernels/data
//
// Every conversion rule is written here and in kernels/data/README.md; the rows it drops
// (and why) are printed.
package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/decost/decost/kernels"
	"github.com/decost/decost/precision"
)

const (
	infersim = "github.com/alibaba/InferSim bench_data/%s, commit f2293da (Apache-2.0; LICENSE-InferSim beside this file)"
	deepgemm = "github.com/deepseek-ai/DeepGEMM README.md at commit a6d97a1 (via shared/data/public/deepgemm_h800.csv): latency = 2·m·n·k / TFLOP/s"
	deepep   = "github.com/deepseek-ai/DeepEP docs/legacy.md at commit dd758ca (via shared/data/public/deepep_h800.csv): low-latency kernels, H800 with one CX7 400 Gb/s NIC per GPU, pure RDMA"
	h200     = "H200 SXM cuBLAS/cuBLASLt run (shared/data/h200/gemm.csv, also testdata/h200/gemm.csv; README there): median of 30 CUDA-graph replays of 20 calls"
)

// hbm is the datasheet memory bandwidth of the cards with grouped-GEMM tables, bytes/s.
var hbm = map[string]float64{"h800": 3.35e12, "h20": 4.0e12}

var src, out string

func main() {
	flag.StringVar(&src, "src", "/work/shared/data", "the shared data directory")
	flag.StringVar(&out, "out", "kernels/data", "where to write the table files")
	flag.Parse()
	for _, card := range []string{"h800", "h20"} {
		gemm(card)
		grouped(card)
		mla(card)
		gqa(card)
	}
	dsa()
	gdn()
	deepEP()
	deepGEMM()
	h200GEMM()
}

func read(rel string) []map[string]string {
	f, err := os.Open(filepath.Join(src, rel))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		log.Fatalf("%s: %v", rel, err)
	}
	header, body := recs[0], recs[1:]
	if _, err := strconv.ParseFloat(strings.TrimSpace(header[len(header)-1]), 64); err == nil {
		// InferSim's mha/decode/h20/64-2-128.csv has no header row: it has the columns of
		// its siblings.
		fmt.Printf("  %s: no header row; read with %s's\n", rel, "dtype,kv_dtype,batch_size,kv_len,latency_us,mfu")
		header, body = strings.Split("dtype,kv_dtype,batch_size,kv_len,latency_us,mfu", ","), recs
		if len(recs[0]) != len(header) {
			log.Fatalf("%s: no header row and %d columns", rel, len(recs[0]))
		}
	}
	var rows []map[string]string
	for _, r := range body {
		m := map[string]string{}
		for i, h := range header {
			m[strings.TrimSpace(h)] = strings.TrimSpace(r[i])
		}
		rows = append(rows, m)
	}
	return rows
}

func num(row map[string]string, k string) float64 {
	v, err := strconv.ParseFloat(row[k], 64)
	if err != nil {
		log.Fatalf("column %s: %v (row %v)", k, err, row)
	}
	return v
}

func write(id, card, impl string, op kernels.Op, dt precision.Format, source string, params map[string]float64, fabric string, pts []kernels.Point) {
	pts = dropSpikes(id, op, dedupe(id, pts))
	t, err := kernels.NewTable(kernels.Info{ID: id, Card: card, Impl: impl, Op: op, DType: dt, Fabric: fabric, Source: source, Params: params}, pts)
	if err != nil {
		log.Fatal(err)
	}
	name := filepath.Join(out, strings.ReplaceAll(id, "/", "_")+".csv")
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	if err := t.Write(f); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%-40s %5d points  %s\n", id, len(pts), name)
}

func us(x float64) float64 { return x * 1e-6 }

// gemm: InferSim's GEMM tables (m, k, n, latency_us). FP8: the mfu column is latency against
// the card's FP8 peak (h800 m=32768 k=7168 n=1536: 2·m·n·k/499.336 µs = 1445 TFLOP/s =
// 0.730 × 1979; above the BF16 peak, so FP8).
func gemm(card string) {
	rel := "public/infersim-bench/bench_data/gemm/" + card + "/data.csv"
	var pts []kernels.Point
	for _, r := range read(rel) {
		pts = append(pts, kernels.Point{Shape: []float64{num(r, "n"), num(r, "k"), num(r, "m")}, Seconds: us(num(r, "latency_us"))})
	}
	write(card+"/infersim/gemm/fp8", card, "deepgemm", kernels.OpGEMM, precision.FP8, fmt.Sprintf(infersim, "gemm/"+card+"/data.csv"), nil, "", pts)
}

// grouped: InferSim's decode grouped GEMM (masked layout). Each row is one GPU of an EP
// group: num_local_experts = num_experts / num_gpus experts, batch_size_per_gpu sequences
// routed top-k; up_proj is the fused gate+up GEMM (n = 2·intermediate, k = hidden: its time
// is ~2× down's at large sizes, the bytes ratio), down_proj n = hidden, k = intermediate. The
// mean tokens per expert is batch·topk/local_experts (the file's tokens_per_expert column
// is that rounded to an integer). A row whose time is shorter than reading every local
// expert's FP8 weights once at the datasheet HBM bandwidth is not a measurement of that
// shape and is dropped (printed).
func grouped(card string) {
	rel := "public/infersim-bench/bench_data/grouped_gemm/decode/" + card + "/data.csv"
	var pts []kernels.Point
	for _, r := range read(rel) {
		le := num(r, "num_local_experts")
		if num(r, "num_experts")/num(r, "num_gpus") != le {
			fmt.Printf("  dropped %s: experts %v/%v gpus but %v local experts (inconsistent row)\n", rel, r["num_experts"], r["num_gpus"], le)
			continue
		}
		tpe := num(r, "batch_size_per_gpu") * num(r, "topk") / le
		h, inter := num(r, "hidden_size"), num(r, "intermediate_size")
		proj := []struct {
			n, k float64
			col  string
		}{{2 * inter, h, "up_proj_us"}, {h, inter, "down_proj_us"}}
		bad := false
		for _, g := range proj {
			sec := us(num(r, g.col))
			if floor := le * g.n * g.k / hbm[card]; sec < floor {
				fmt.Printf("  dropped %s row (up and down): experts %v/%v gpus, batch %v: %s %.1f µs < %.1f µs to read %v experts' FP8 weights at %.2f TB/s\n",
					rel, r["num_experts"], r["num_gpus"], r["batch_size_per_gpu"], g.col, sec*1e6, floor*1e6, le, hbm[card]/1e12)
				bad = true
				break
			}
		}
		if bad {
			continue
		}
		for _, g := range proj {
			pts = append(pts, kernels.Point{Shape: []float64{g.n, g.k, le, tpe}, Seconds: us(num(r, g.col))})
		}
	}
	write(card+"/infersim/grouped-gemm/fp8", card, "deepgemm-masked", kernels.OpGroupedGEMM, precision.FP8, fmt.Sprintf(infersim, "grouped_gemm/decode/"+card+"/data.csv"), nil, "", pts)
}

// mla: FlashMLA decode, 128 query heads, kv_lora 512 + rope 64, one query token: rows 128.
func mla(card string) {
	rel := "public/infersim-bench/bench_data/mla/decode/" + card + "/128-512-64.csv"
	byKV := map[string][]kernels.Point{}
	for _, r := range read(rel) {
		byKV[r["kv_dtype"]] = append(byKV[r["kv_dtype"]], kernels.Point{Shape: []float64{128, num(r, "batch_size"), num(r, "kv_len")}, Seconds: us(num(r, "latency_us"))})
	}
	for kv, pts := range byKV {
		write(card+"/infersim/mla-decode/"+kv, card, "flashmla", kernels.OpMLADecode, precision.Format(kv), fmt.Sprintf(infersim, "mla/decode/"+card+"/128-512-64.csv")+"; 128 query heads, 1 query token", nil, "", pts)
	}
}

// gqa: decode attention, files Q-KV-D (query heads, KV heads, head dim), one query token.
func gqa(card string) {
	dir := "public/infersim-bench/bench_data/mha/decode/" + card
	files, err := filepath.Glob(filepath.Join(src, dir, "*.csv"))
	if err != nil {
		log.Fatal(err)
	}
	byKV := map[string][]kernels.Point{}
	var names []string
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".csv")
		var q, kv, d float64
		if _, err := fmt.Sscanf(strings.ReplaceAll(base, "-", " "), "%g %g %g", &q, &kv, &d); err != nil {
			log.Fatalf("%s: %v", f, err)
		}
		if card == "h20" && base == "64-2-128" {
			// InferSim's mha/decode/h20/64-2-128.csv has no header row and is flat in batch
			// from 1 to 32 sequences (2524 µs for one sequence of 128k tokens, 2558 µs for
			// 32), 20–40× its neighbours 32-2-128 (58.5 µs) and 128-2-128 (125.9 µs) at one
			// sequence: a kernel without split-KV, not the decode kernel its siblings time.
			fmt.Printf("  dropped %s/%s.csv: not the decode kernel of its siblings (flat in batch 1–32, 20× its neighbours at batch 1)\n", dir, base)
			continue
		}
		names = append(names, base)
		for _, r := range read(filepath.Join(dir, filepath.Base(f))) {
			byKV[r["kv_dtype"]] = append(byKV[r["kv_dtype"]], kernels.Point{Shape: []float64{d, kv, q / kv, num(r, "batch_size"), num(r, "kv_len")}, Seconds: us(num(r, "latency_us"))})
		}
	}
	for kv, pts := range byKV {
		write(card+"/infersim/gqa-decode/"+kv, card, "flashinfer/fa", kernels.OpGQADecode, precision.Format(kv), fmt.Sprintf(infersim, "mha/decode/"+card+"/{"+strings.Join(names, ",")+"}.csv")+"; files named query heads-KV heads-head dim, 1 query token", nil, "", pts)
	}
}

// dsa: DeepSeek-V3.2 sparse attention on H800: the indexer logits (64 heads × dim 128,
// next_n query tokens) and sparse MLA attention (128 heads, dim 576, top-k 2048, FP8 KV).
func dsa() {
	rel := "public/infersim-bench/bench_data/dsa/decode/h800/"
	var pts []kernels.Point
	for _, r := range read(rel + "logits-64-128.csv") {
		pts = append(pts, kernels.Point{Shape: []float64{64 * num(r, "next_n"), num(r, "batchsize"), num(r, "s_kv")}, Seconds: us(num(r, "latency_us"))})
	}
	write("h800/infersim/dsa-indexer/fp8", "h800", "deepgemm-fp8-mqa-logits", kernels.OpDSAIndexer, precision.FP8, fmt.Sprintf(infersim, "dsa/decode/h800/logits-64-128.csv")+"; 64 indexer heads of dim 128; FP8 assumed (the file names no dtype; DeepSeek-V3.2's indexer runs in FP8)", nil, "", pts)
	pts = nil
	for _, r := range read(rel + "attn-128-576-2048.csv") {
		pts = append(pts, kernels.Point{Shape: []float64{128, 2048, num(r, "batch_size"), num(r, "kv_len")}, Seconds: us(num(r, "latency_us"))})
	}
	write("h800/infersim/sparse-mla-decode/fp8", "h800", "flashmla-sparse", kernels.OpSparseMLADecode, precision.FP8, fmt.Sprintf(infersim, "dsa/decode/h800/attn-128-576-2048.csv")+"; 128 query heads, head dim 576, top-k 2048, 1 query token", nil, "", pts)
}

// gdn: gated DeltaNet decode on H20, files conv-kheads-kdim-vheads-vdim; a layer's time is
// conv + gdn_update (µs).
func gdn() {
	rel := "public/infersim-bench/bench_data/gdn/decode/h20/"
	var pts []kernels.Point
	for _, v := range []float64{32, 64} {
		for _, r := range read(fmt.Sprintf("%s4-16-128-%g-128.csv", rel, v)) {
			pts = append(pts, kernels.Point{Shape: []float64{v, num(r, "batchsize")}, Seconds: us(num(r, "conv") + num(r, "gdn_update"))})
		}
	}
	write("h20/infersim/gdn-decode/bf16", "h20", "fla-triton", kernels.OpGDNDecode, precision.BF16, fmt.Sprintf(infersim, "gdn/decode/h20/4-16-128-{32,64}-128.csv")+"; conv kernel 4, 16 key heads of dim 128, 32 or 64 value heads of dim 128; time = conv + gdn_update; BF16 assumed (the files name no dtype)", nil, "", pts)
}

// deepEP: the low-latency rows (decode): 128 tokens per rank, hidden 7168, top-8, FP8
// dispatch, BF16 combine, by EP size.
func deepEP() {
	var disp, comb []kernels.Point
	for _, r := range read("public/deepep_h800.csv") {
		if r["mode"] != "low_latency" {
			continue
		}
		if r["tokens_per_rank"] != "128" || r["hidden"] != "7168" || r["topk"] != "8" || r["dispatch_format"] != "fp8" || r["combine_format"] != "bf16" {
			log.Fatalf("deepep row %v: unexpected parameters", r)
		}
		disp = append(disp, kernels.Point{Shape: []float64{num(r, "ep"), 128}, Seconds: us(num(r, "dispatch_us"))})
		comb = append(comb, kernels.Point{Shape: []float64{num(r, "ep"), 128}, Seconds: us(num(r, "combine_us"))})
	}
	p := map[string]float64{"hidden": 7168, "topk": 8}
	write("h800/deepep-ll/dispatch/fp8", "h800", "deepep-low-latency", kernels.OpDispatch, precision.FP8, deepep, p, "rdma", disp)
	write("h800/deepep-ll/combine/bf16", "h800", "deepep-low-latency", kernels.OpCombine, precision.BF16, deepep, p, "rdma", comb)
}

// deepGEMM: the README's dense FP8 GEMMs (latency from TFLOP/s); a cross-check of InferSim's
// fuller table, used only where that one is missing.
func deepGEMM() {
	var pts []kernels.Point
	for _, r := range read("public/deepgemm_h800.csv") {
		if r["layout"] != "dense" {
			continue
		}
		m, n, k := num(r, "m_per_group"), num(r, "n"), num(r, "k")
		pts = append(pts, kernels.Point{Shape: []float64{n, k, m}, Seconds: sig4(2 * m * n * k / (num(r, "tflops") * 1e12))})
	}
	write("h800/deepgemm/gemm/fp8", "h800", "deepgemm", kernels.OpGEMM, precision.FP8, deepgemm, nil, "", pts)
}

// h200GEMM: the H200 cuBLAS run: expert GEMMs (M = T tokens) and the 8192³ peak GEMM, per
// dtype, read the way decost calibrate --kernel-table reads it (kernels.Builder). The FP8
// rows are the stock torch._scaled_mm path, weak at small T (a lower bound on what tuned
// kernels reach).
func h200GEMM() {
	f, err := os.Open(filepath.Join(src, "h200/gemm.csv"))
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	b := kernels.NewBuilder("h200")
	if _, err := b.ReadCSV(f, "h200/gemm.csv"); err != nil {
		log.Fatal(err)
	}
	ts, err := b.Tables()
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range ts {
		note := ""
		if t.DType == precision.FP8 {
			note = "; FP8 is torch._scaled_mm (per-tensor scales), weak at small M: a lower bound on tuned kernels"
		}
		write("h200/cublas/gemm/"+string(t.DType), "h200", "cublas", kernels.OpGEMM, t.DType, h200+note, nil, "", t.Points)
	}
}

// dropSpikes drops a measurement more than twice as slow as its next larger neighbour
// along some axis (the same shape with one coordinate larger): more work cannot take less
// than half the time, so such a point is a measurement fault (a cold first run), not the
// kernel. Smaller departures are kept and reported by the kernels tests.
func dropSpikes(id string, op kernels.Op, pts []kernels.Point) []kernels.Point {
	axes := kernels.Axes(op)
	var kept []kernels.Point
	for _, p := range pts {
		spike := false
		for ax := range axes {
			var next *kernels.Point
			for j := range pts {
				q := &pts[j]
				if q.Shape[ax] <= p.Shape[ax] || (next != nil && q.Shape[ax] >= next.Shape[ax]) {
					continue
				}
				same := true
				for k := range axes {
					if k != ax && q.Shape[k] != p.Shape[k] {
						same = false
					}
				}
				if same {
					next = q
				}
			}
			if next != nil && 2*next.Seconds < p.Seconds {
				fmt.Printf("  %s: dropped %v = %.2f µs, more than twice its larger neighbour along %s %v = %.2f µs\n", id, p.Shape, p.Seconds*1e6, axes[ax], next.Shape, next.Seconds*1e6)
				spike = true
				break
			}
		}
		if !spike {
			kept = append(kept, p)
		}
	}
	return kept
}

// sig4 rounds a derived latency to 4 significant digits (its TFLOP/s source has 3–4).
func sig4(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return v
}

// dedupe drops repeated rows that agree exactly (InferSim's h20 GEMM file lists two shapes
// twice) and stops on repeated shapes that disagree.
func dedupe(id string, pts []kernels.Point) []kernels.Point {
	seen := map[string]float64{}
	var kept []kernels.Point
	for _, p := range pts {
		key := fmt.Sprint(p.Shape)
		if s, ok := seen[key]; ok {
			if math.Abs(s-p.Seconds) > 1e-12 {
				log.Fatalf("%s: shape %v measured twice with different times (%g s, %g s)", id, p.Shape, s, p.Seconds)
			}
			fmt.Printf("  %s: dropped a repeat of shape %v (same time)\n", id, p.Shape)
			continue
		}
		seen[key] = p.Seconds
		kept = append(kept, p)
	}
	return kept
}
