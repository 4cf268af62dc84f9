package model

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// FuzzHFConfig: whatever the bytes, ParseHFConfig returns a usable model or an error; it
// never panics, and an accepted model has finite, non-negative counts. The seed corpus is
// every sample config plus a few hand-made edge cases; inputs that once failed are kept in
// testdata/fuzz/FuzzHFConfig.
func FuzzHFConfig(f *testing.F) {
	dirs, err := filepath.Glob(filepath.Join(configDir, "*", "config.json"))
	if err != nil || len(dirs) == 0 {
		f.Fatalf("no sample configs under %s: %v", configDir, err)
	}
	for _, p := range dirs {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		``, `null`, `[]`, `{}`, `{"architectures":[]}`, `{"architectures":[null]}`,
		`{"architectures":["LlamaForCausalLM"],"hidden_size":1,"num_hidden_layers":1,"vocab_size":1,"num_attention_heads":1,"intermediate_size":1}`,
		`{"architectures":["Llama4ForConditionalGeneration"],"text_config":{"hidden_size":8,"num_hidden_layers":2,"vocab_size":1,"num_attention_heads":2,"no_rope_layers":[1,0],"attention_chunk_size":1,"num_local_experts":1,"num_experts_per_tok":1,"intermediate_size":1,"intermediate_size_mlp":1}}`,
		`{"architectures":["Step3TextForCausalLM"],"hidden_size":8,"num_hidden_layers":2,"vocab_size":1,"num_attention_heads":2,"num_attention_groups":1,"head_dim":1,"share_q_dim":1,"moe_layers_enum":" 1 ,"}`,
		`{"architectures":["MiniMaxM1ForCausalLM"],"hidden_size":8,"num_hidden_layers":2,"vocab_size":1,"num_attention_heads":2,"attn_type_list":[0,1],"num_local_experts":2,"num_experts_per_tok":2,"intermediate_size":1}`,
		`{"architectures":["Ernie4_5_MoeForCausalLM"],"hidden_size":8,"num_hidden_layers":2,"vocab_size":1,"num_attention_heads":2,"moe_layer_end_index":-1,"moe_num_experts":1,"moe_k":1,"moe_intermediate_size":1,"intermediate_size":1}`,
		`{"architectures":["DeepseekV3ForCausalLM"],"hidden_size":9e99,"num_hidden_layers":-0}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := ParseHFConfig(data, "fuzz.json")
		if err != nil {
			if imp != nil {
				t.Fatalf("error %v with an import", err)
			}
			return
		}
		m := imp.Model
		if err := m.Validate(); err != nil {
			t.Fatalf("accepted an invalid model: %v", err)
		}
		p := m.Params()
		for _, c := range []int{1, 8192, 1 << 20} {
			n := m.CountsAt(c, CountOptions{Router: true, LMHead: true}).Total
			for _, v := range []float64{n.KVBytes, n.AttentionFLOPs, n.LinearFLOPs, n.FFNFLOPs, p.Total, p.Activated, p.Embedding} {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					t.Fatalf("count %v at context %d", v, c)
				}
			}
		}
		_ = m.Describe()
	})
}

// FuzzHFConfigNumbers changes two numeric fields of a sample config (chosen by index among
// its numeric fields, text_config's included) to arbitrary values, which byte-level
// mutation of FuzzHFConfig rarely reaches while keeping the JSON valid.
func FuzzHFConfigNumbers(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join(configDir, "*", "config.json"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no sample configs under %s: %v", configDir, err)
	}
	var samples []map[string]any
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			f.Fatal(err)
		}
		samples = append(samples, m)
	}
	for i := range samples {
		f.Add(uint8(i), uint8(0), int64(0), uint8(1), int64(-1))
		f.Add(uint8(i), uint8(3), int64(1), uint8(7), int64(1<<40))
	}
	f.Fuzz(func(t *testing.T, sample, field1 uint8, value1 int64, field2 uint8, value2 int64) {
		m := deepCopyJSON(samples[int(sample)%len(samples)]).(map[string]any)
		set := func(field uint8, value int64) {
			var slots []func(int64)
			for _, obj := range []map[string]any{m, asObject(m["text_config"])} {
				keys := make([]string, 0, len(obj))
				for k := range obj {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					if _, ok := obj[k].(float64); ok {
						obj, k := obj, k
						slots = append(slots, func(v int64) { obj[k] = v })
					}
				}
			}
			if len(slots) > 0 {
				slots[int(field)%len(slots)](value)
			}
		}
		set(field1, value1)
		set(field2, value2)
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		imp, err := ParseHFConfig(data, "fuzz.json")
		if err != nil {
			return
		}
		if err := imp.Model.Validate(); err != nil {
			t.Fatalf("accepted an invalid model: %v", err)
		}
		c := imp.Model.CountsAt(8192, CountOptions{}).Total
		for _, v := range []float64{c.KVBytes, c.AttentionFLOPs, c.LinearFLOPs, c.FFNFLOPs} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("count %v", v)
			}
		}
	})
}

func asObject(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func deepCopyJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(x))
		for k, e := range x {
			c[k] = deepCopyJSON(e)
		}
		return c
	case []any:
		c := make([]any, len(x))
		for i, e := range x {
			c[i] = deepCopyJSON(e)
		}
		return c
	}
	return v
}
