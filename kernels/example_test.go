package kernels_test

import (
	"fmt"
	"strings"

	"github.com/decost/decost/kernels"
	"github.com/decost/decost/precision"
)

// Price a decode step's ops on H100 SXM from the built-in tables it borrows from H800.
func ExampleForCard() {
	s, from := kernels.ForCard("h100")
	fmt.Println("borrowed from", from)

	// A DeepSeek-V3 down projection of one expert group: 8 local experts, 64 tokens each.
	sec, basis, ok := s.GroupedGEMM(precision.FP8, 8, 64, 7168, 2048)
	fmt.Printf("%.2f µs %s %v\n", sec*1e6, basis, ok)

	// FlashMLA, 64 sequences of 4096 tokens, 128 heads, one query token.
	sec, basis, _ = s.MLADecode(precision.BF16, 64, 4096, 128, 1)
	fmt.Printf("%.2f µs %s\n", sec*1e6, basis)

	// No BF16 GEMM table on H800: the caller falls back to the profile, then ideal.
	_, _, ok = s.GEMM(precision.BF16, 64, 7168, 2048)
	fmt.Println("bf16 gemm table:", ok)
	// Output:
	// borrowed from h800
	// 57.79 µs table:h800/infersim/grouped-gemm/fp8 (borrowed by h100) true
	// 155.15 µs table:h800/infersim/mla-decode/bf16 (borrowed by h100)
	// bf16 gemm table: false
}

// A user's own table, read from a file, put ahead of the built-in one.
func ExampleSet_With() {
	t, err := kernels.Read(strings.NewReader(`id: h800/mine/gemm/fp8
card: h800
op: gemm
dtype: fp8
source: my DeepGEMM run, 2026-12-01
n,k,m,latency_us
7168,2048,64,6.4
7168,2048,128,7.4
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	h800, _ := kernels.ForCard("h800")
	s := h800.With(t)
	// m = 96 between 64 and 128: 6.4 µs × (7.4/6.4)^(ln 1.5 / ln 2) = 6.4 × 1.15625^0.585.
	sec, basis, _ := s.GEMM(precision.FP8, 96, 7168, 2048)
	fmt.Printf("%.3f µs %s\n", sec*1e6, basis)
	// Output:
	// 6.967 µs table:h800/mine/gemm/fp8
}
