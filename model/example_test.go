package model_test

import (
	"fmt"

	"github.com/decost/decost/model"
)

// The per-token counts of a built-in model at one context: Step-3 at 8192 tokens caches
// 2·256 FP8 bytes per token in each of its 61 MFA layers.
func ExampleModel_CountsAt() {
	m, err := model.Builtin("step3")
	if err != nil {
		panic(err)
	}
	c := m.CountsAt(8192, model.CountOptions{}).Total
	fmt.Printf("KV bytes read per token:   %.0f\n", c.KVBytes)
	fmt.Printf("attention core FLOPs:      %.4g\n", c.AttentionFLOPs)
	fmt.Printf("attention linear FLOPs:    %.4g\n", c.LinearFLOPs)
	fmt.Printf("FFN FLOPs:                 %.4g\n", c.FFNFLOPs)
	fmt.Printf("core FLOPs per KV byte:    %.0f\n", c.ArithmeticIntensity())
	fmt.Printf("KV bytes per context token: %.0f\n", m.KVBytesPerContextToken())
	// Output:
	// KV bytes read per token:   255852544
	// attention core FLOPs:      3.275e+10
	// attention linear FLOPs:    2.066e+10
	// FFN FLOPs:                 5.329e+10
	// core FLOPs per KV byte:    128
	// KV bytes per context token: 31232
}

// Resolve takes what --model takes: a built-in id, or a path to a Hugging Face
// config.json or its directory.
func ExampleResolve() {
	for _, entry := range []string{"deepseek-v3", "../testdata/configs/qwen3-32b"} {
		m, imp, err := model.Resolve(entry)
		if err != nil {
			panic(err)
		}
		p := m.Params()
		fmt.Printf("%s: %d layers, %.1fB parameters with embeddings, imported %v\n",
			m.ID, len(m.Layers), p.TotalWithEmbeddings()/1e9, imp != nil)
	}
	// Output:
	// deepseek-v3: 61 layers, 671.0B parameters with embeddings, imported false
	// ../testdata/configs/qwen3-32b: 64 layers, 32.8B parameters with embeddings, imported true
}
