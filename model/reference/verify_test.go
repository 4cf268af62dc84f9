package reference

import (
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
