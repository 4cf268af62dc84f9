package reference

import (
	"strings"
	"testing"

	"github.com/decost/decost/model"
)

// TestVerifyZoo holds every built-in model's analytic counts equal to what the reference pass
// measures on its scaled-down shape, and every equivalence within Tolerance. A failure names
// the model, the layer kind and the term.
func TestVerifyZoo(t *testing.T) {
	for _, id := range model.BuiltinIDs() {
		m, err := model.Builtin(id)
		if err != nil {
			t.Fatal(err)
		}
		checks, err := Verify(m)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		for _, c := range checks {
			if !c.OK {
				t.Errorf("%s %s", id, c)
			}
			if testing.Verbose() {
				t.Logf("%s %s ok=%v", id, c, c.OK)
			}
		}
	}
}

// TestVerifyMFAGroups verifies a Step-3 whose MFA has 2 key/value groups (a config.json with
// num_attention_groups 2): the pass must cache and project 2 key and 2 value heads, as the
// analytic counts do.
func TestVerifyMFAGroups(t *testing.T) {
	m, err := model.Builtin("step3")
	if err != nil {
		t.Fatal(err)
	}
	for i := range m.Layers {
		m.Layers[i].Attention.KVHeads = 2
	}
	checks, err := Verify(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if !c.OK {
			t.Errorf("step3 with 2 MFA groups: %s", c)
		}
	}
}

// TestVerifyNamesBrokenTerm breaks one term of each new kind (the analytic shape no longer
// matches the layer the pass runs) and checks that the failing check names the layer kind and
// the term, and its detail the product that differs.
func TestVerifyNamesBrokenTerm(t *testing.T) {
	for _, tc := range []struct {
		name   string
		a      model.Attention
		breakA func(*model.Attention)
		check  string // a failing check's name must contain it
		detail string // and its detail
	}{
		{"indexer head dim", model.Attention{Kind: model.MLADSA, Heads: 2, QueryRank: 3, KVRank: 4, RopeDim: 2, NopeDim: 3, ValueDim: 2, IndexHeads: 2, IndexHeadDim: 3, IndexTopK: 3},
			func(a *model.Attention) { a.IndexHeadDim++ }, "indexer FLOPs", "index_scores"},
		{"conv kernel", model.Attention{Kind: model.GatedDeltaNet, Heads: 4, KVHeads: 2, HeadDim: 2, ValueDim: 3, ConvKernel: 3},
			func(a *model.Attention) { a.ConvKernel++ }, "attention core FLOPs", "conv1d"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := model.Layer{Attention: tc.a, FFN: model.FFN{Kind: model.Dense, Width: 4}, Precision: model.FullFP8()}
			l, err := NewLayer(spec, 8, Context, 1)
			if err != nil {
				t.Fatal(err)
			}
			broken := spec
			tc.breakA(&broken.Attention)
			found := false
			for _, c := range countChecksAgainst(spec.Label(), l, broken, newRandom(3).row(8)) {
				if !c.OK && strings.Contains(c.Name, tc.check) && strings.Contains(c.Detail, tc.detail) && c.Layer == spec.Label() {
					found = true
				}
			}
			if !found {
				t.Errorf("no failing %q check naming %q", tc.check, tc.detail)
			}
		})
	}
}
