// Package kernels holds measured kernel and collective tables — card × kernel
// implementation × op class × dtype → measured latency on a shape grid — and prices an op
// from them. It sits beside the hardware catalogue, below cost: cost asks a Set for an op's
// time and records the Basis it got; when a Set has no table for the op class and dtype
// (ok=false), the caller falls back to the fitted roofline profile (hardware.Profile), then
// to ideal.
//
// Files:
//   - table.go: op classes and their axes (Op, Axes), a Table and its nested grid, the
//     interpolation.
//   - set.go: Set (the tables one card is priced with) and its allocation-free lookups
//     (GEMM, GroupedGEMM, MLADecode, GQADecode, DSAIndexer, SparseMLADecode, GDNDecode,
//     AllToAll, Lookup).
//   - basis.go: Basis, the name of what a time was priced from.
//   - read.go: the table file format (Read, Table.Write) and its size limits.
//   - builtin.go: the built-in tables embedded from data/ (Builtin, ForCard) and the cards
//     that borrow another card's tables (Loan).
//   - calibrate.go: Builder, tables from measurement CSVs (decost calibrate --kernel-table).
//   - data/: the built-in table files, README.md (sources, commits, licences, caveats) and
//     InferSim's LICENSE; internal/mktables converts the published sources into them.
//
// # Table files
//
// A table file is "key: value" lines (id, card, impl, op, dtype, source, optional fabric,
// and the op class's parameters), then a CSV header naming the op class's axes and
// latency_us (µs), then one row per measured shape; # starts a comment line:
//
//	id: h800/infersim/gemm/fp8
//	card: h800
//	impl: deepgemm
//	op: gemm
//	dtype: fp8
//	source: github.com/alibaba/InferSim bench_data/gemm/h800/data.csv, commit f2293da
//	n,k,m,latency_us
//	1536,7168,16,16.443
//
// The op classes and their axes (outermost first) are:
//
//	gemm               n, k, m                       x[m,k]·W[n,k]ᵀ
//	grouped-gemm       n, k, local_experts, tokens_per_expert
//	mla-decode         rows, batch, kv_len           rows = query heads × query length
//	gqa-decode         head_dim, kv_heads, group_rows, batch, kv_len
//	                                                 group_rows = query heads / KV heads × query length
//	dsa-indexer        rows, batch, kv_len           rows = indexer heads × query length
//	sparse-mla-decode  rows, topk, batch, kv_len
//	gdn-decode         v_heads, batch
//	dispatch, combine  ep, tokens_per_rank           at parameters hidden, topk and the dtype
//
// # Interpolation
//
// The measured shapes need not form a full grid: a table is nested by axis (each value of
// the first axis holds the measured values of the second, and so on), and a lookup
// interpolates one axis at a time, linearly in log(latency) against log(coordinate)
// between the two measured values around the query (log-log), recursing into each. At a
// measured shape it returns the measured latency exactly. Outside the measured values of
// an axis the nearest measured value's time is scaled by (x/x_edge)^e:
//   - e = 1 (in proportion to the work, at the edge's efficiency) for the weight and KV
//     dimensions on both sides (gemm and grouped-gemm n, k and local_experts; gqa head_dim
//     and kv_heads; sparse-mla topk; gdn v_heads), and above the grid for tokens, batch,
//     KV length, rows and group rows (the kernel is saturated there), and on both sides
//     for the all-to-all's tokens_per_rank (see below);
//   - e = 0 (nearest: the edge's time) below the grid for tokens (m, tokens_per_expert),
//     batch, KV length, rows and group rows (a kernel is not assumed
//     cheaper than measured where launch latency or the weight/KV read binds), and on both
//     sides for sparse-mla kv_len (the top-k bounds the work) and the all-to-all's ep (the
//     measured latency flattens from EP 128 to 256).
//
// No lookup is below the table's fastest measurement (its launch floor).
//
// A lookup outside the grid on any axis says so in its basis (" (outside grid)").
//
// All-to-all tables are measured at one hidden size, top-k and format; a query is read at
// the equivalent token count tokens × (hidden·topk·bytes per element) / (the table's),
// bytes per element being the format's size plus, for FP8, DeepEP's FP32 scale per 128
// elements. Beyond the measured tokens the time is latency_edge + (bytes − bytes_edge) /
// bandwidth_edge, bandwidth_edge = bytes_edge / latency_edge being the achieved bandwidth
// DeepEP reports for that EP size (which equals latency_edge × bytes / bytes_edge). Below
// the smallest measured tokens the time also follows the bytes at that achieved
// bandwidth, down to the table's fastest measurement (its floor): DeepEP's low-latency
// points move 39–98 GB/s on a 50 GB/s-per-GPU RDMA fabric (most of it over the NIC), so
// they are bandwidth-bound, not latency-bound, and holding the 128-token time for 64
// tokens would price half the bytes at twice the measured time.
//
// # Basis
//
// Every lookup returns a Basis: "table:<id>", id = "<card>/<source>/<op>/<dtype>" (e.g.
// "table:h800/infersim/gemm/fp8"), with " (borrowed by <card>)" when the set's card
// borrowed the table and " (outside grid)" when the shape lay outside the measurements
// (both: " (borrowed by h100, outside grid)"). A caller that falls back writes
// ProfileBasis(name) or Ideal.
//
// # Borrowing
//
// A card may borrow another's tables where the silicon is the same (Loan, data/README.md):
// H100 SXM borrows H800's compute tables (same GH100 die, clocks and HBM3) and its RDMA
// all-to-all (same 400 Gb/s CX7 NIC per GPU), never NVLink-bound ones (H800's NVLink is
// narrower); H200 borrows only the RDMA all-to-all (its HBM3e is faster, so compute tables
// are its own). The values are unchanged; ForCard returns the lending card.
//
// # Speed
//
// A Set is built once per search; its lookups do not allocate (BenchmarkLookup).
package kernels
