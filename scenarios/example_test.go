package scenarios_test

import (
	"fmt"

	"github.com/decost/decost/scenarios"
)

// A sweep from YAML (docs/design.md §sweep): the report's theoretical cost of two models on
// two cards at two contexts, run in memory. Each group is one model at one context: one cell
// per card, and the AFD choice (attention on its cheapest card, FFN on its cheapest).
func ExampleRun() {
	s, err := scenarios.Parse("example.yaml", []byte(`
name: example
analysis: cost
axes:
  models: [step3, deepseek-v3]
  hardware: [h800, h20]
  contexts: [8k, 32k]
`))
	if err != nil {
		panic(err)
	}
	r, err := scenarios.Run(s, scenarios.Options{})
	if err != nil {
		panic(err)
	}
	for _, g := range r.Comparison.Groups {
		c := g.Cells[0]
		fmt.Printf("%-11s %5d:", c.Model, c.Context)
		for _, c := range g.Cells {
			fmt.Printf("  %s %.4f", c.Hardware, c.TotalUSDPerMTok)
		}
		fmt.Printf("  afd (%s + %s) %.4f USD/Mtok\n", g.AFD.AttentionHardware, g.AFD.FFNHardware, g.AFD.TotalUSDPerMTok)
	}
	// Output:
	// step3        8192:  h800 0.0632  h20 0.0801  afd (h20 + h800) 0.0550 USD/Mtok
	// step3       32768:  h800 0.1905  h20 0.1539  afd (h20 + h800) 0.1288 USD/Mtok
	// deepseek-v3  8192:  h800 0.0677  h20 0.1641  afd (h800 + h800) 0.0677 USD/Mtok
	// deepseek-v3 32768:  h800 0.2109  h20 0.4960  afd (h800 + h800) 0.2109 USD/Mtok
}
