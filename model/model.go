package model

import (
	"errors"
	"fmt"
	"strings"
)

// Model is a decoder-only language model as decost sees it.
type Model struct {
	// ID is the short identifier used on the command line (docs/design.md §zoo), e.g. "step3".
	ID string `json:"id"`
	// Name is the model's full name, e.g. "Step-3".
	Name string `json:"name"`
	// Hidden is the hidden size H.
	Hidden int `json:"hidden"`
	// Vocab is the vocabulary size, for embedding parameter counts.
	Vocab int `json:"vocab"`
	// TiedEmbeddings says the LM head shares the input embedding's weights.
	TiedEmbeddings bool `json:"tied_embeddings,omitempty"`
	// MaxContext is the longest context the model is configured for (its config's
	// max_position_embeddings), in tokens; 0 when unknown. Counts beyond it are still
	// computed; the CLI warns.
	MaxContext int `json:"max_context,omitempty"`
	// Layers lists every decoder layer in order.
	Layers []Layer `json:"layers"`
	// MTPLayers is the number of multi-token-prediction layers the checkpoint ships
	// (config.json num_nextn_predict_layers; DeepSeek-V3: 1), each like the last decoder
	// layer plus a 2H→H projection; they draft tokens for MTP decoding and are not in Layers
	// or the parameter counts.
	MTPLayers int `json:"mtp_layers,omitempty"`
	// Quoted holds the parameter counts the report or the vendor quotes, to show next to the
	// computed ones; zero where none is quoted.
	Quoted QuotedParams `json:"quoted"`
	// InReport says the model is one of the Step-3 report's nine.
	InReport bool `json:"in_report"`
	// Source says where the dimensions come from.
	Source string `json:"source"`
}

// QuotedParams are parameter counts as a model's authors or the report state them, in
// parameters (not billions).
type QuotedParams struct {
	Total     float64 `json:"total,omitempty"`
	Activated float64 `json:"activated,omitempty"`
}

// Kinds groups the model's layers into kinds of identical layers, in the order each kind
// first appears.
func (m *Model) Kinds() []LayerKind {
	var kinds []LayerKind
	index := map[Layer]int{}
	for i, l := range m.Layers {
		k, ok := index[l]
		if !ok {
			k = len(kinds)
			index[l] = k
			kinds = append(kinds, LayerKind{Name: l.Label(), Layer: l})
		}
		kinds[k].Indices = append(kinds[k].Indices, i)
	}
	// Two kinds can share a label when only their precision differs; number them.
	seen := map[string]int{}
	for _, k := range kinds {
		seen[k.Name]++
	}
	n := map[string]int{}
	for i := range kinds {
		if seen[kinds[i].Name] > 1 {
			n[kinds[i].Name]++
			kinds[i].Name = fmt.Sprintf("%s#%d", kinds[i].Name, n[kinds[i].Name])
		}
	}
	return kinds
}

// Validate reports the first thing that makes the model unusable, naming the layer.
func (m *Model) Validate() error {
	if m.ID == "" {
		return errors.New("model: id is empty")
	}
	if m.Hidden <= 0 {
		return fmt.Errorf("model %s: hidden size must be positive, got %d", m.ID, m.Hidden)
	}
	if m.Vocab < 0 {
		return fmt.Errorf("model %s: vocab must be 0 or positive, got %d", m.ID, m.Vocab)
	}
	if len(m.Layers) == 0 {
		return fmt.Errorf("model %s: no layers", m.ID)
	}
	for i, l := range m.Layers {
		if err := l.Validate(); err != nil {
			return fmt.Errorf("model %s: layer %d: %w", m.ID, i, err)
		}
	}
	return nil
}

// Describe is a one-line summary of the layer pattern, e.g.
// "5× mfa/dense (0-3,60), 56× mfa/moe (4-59)".
func (m *Model) Describe() string {
	var parts []string
	for _, k := range m.Kinds() {
		parts = append(parts, fmt.Sprintf("%d× %s (%s)", k.Count(), k.Name, ranges(k.Indices)))
	}
	return strings.Join(parts, ", ")
}

// ranges writes sorted indices compactly: "0-3,60" for runs, "3-47/4" for every 4th layer.
func ranges(idx []int) string {
	if n := len(idx); n >= 3 && idx[1]-idx[0] > 1 {
		step := idx[1] - idx[0]
		regular := true
		for i := 2; i < n; i++ {
			regular = regular && idx[i]-idx[i-1] == step
		}
		if regular {
			return fmt.Sprintf("%d-%d/%d", idx[0], idx[n-1], step)
		}
	}
	var b strings.Builder
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		if j == i {
			fmt.Fprintf(&b, "%d", idx[i])
		} else {
			fmt.Fprintf(&b, "%d-%d", idx[i], idx[j])
		}
		i = j + 1
	}
	return b.String()
}
