package report

import (
	"fmt"
	"slices"
	"testing"

	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// TestFrontierInMemoryEqualsStreamed: a cost scenario's Pareto frontier is the same rows
// whether the sweep runs in memory (the table's frontier column) or streamed (the
// frontier Stream keeps), for where filters on text, on numbers written two ways, and on
// the missing price of AFD rows.
func TestFrontierInMemoryEqualsStreamed(t *testing.T) {
	const axes = "analysis: cost\naxes:\n  models: [step3, qwen3-32b, deepseek-v3]\n  hardware: report\n  contexts: [4k, 8k, 32k]\n  prices: {h20: [0.8, 1.1]}\n"
	for _, pareto := range []string{
		"{min: [total_usd_per_mtok], max: [activated_params]}",
		"{min: [total_usd_per_mtok], max: [activated_params], where: {hardware: afd}}",
		"{min: [total_usd_per_mtok, kv_bytes], max: [context], where: {context: [8.192e3, 32768]}}",
		"{min: [attention_usd_per_mtok], max: [context], where: {price_usd_per_hour: \"\"}}",
		"{min: [ffn_usd_per_mtok], max: [price_usd_per_hour], where: {model: [step3, qwen3-32b]}}",
	} {
		src := []byte("name: f\n" + axes + "pareto: " + pareto + "\n")
		s, err := scenarios.Parse("f.yaml", src)
		if err != nil {
			t.Fatal(err)
		}
		res, err := scenarios.Run(s, scenarios.Options{})
		if err != nil {
			t.Fatal(err)
		}
		tb, err := SweepTable(res)
		if err != nil {
			t.Fatal(err)
		}
		key := func(row []any) string {
			return fmt.Sprint(render.Exact(row[0]), render.Exact(row[1]), render.Exact(row[2]), render.Exact(row[19]))
		}
		var inMemory []string
		for _, row := range tb.Rows {
			if row[len(row)-1] == "*" {
				inMemory = append(inMemory, key(row))
			}
		}
		s.Stream = true
		sr, err := scenarios.Stream(s, nil, scenarios.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var streamed []string
		for _, row := range sr.Frontier {
			streamed = append(streamed, key(row))
		}
		if len(inMemory) == 0 || !slices.Equal(inMemory, streamed) {
			t.Errorf("pareto %s:\nin memory %v\nstreamed  %v", pareto, inMemory, streamed)
		}
	}
}
