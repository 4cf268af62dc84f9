package scenarios

import "testing"

// The exported lists are functions that return copies: a caller that changes what it got
// changes nothing the package (or the next caller) reads.
func TestListsAreCopies(t *testing.T) {
	for name, get := range map[string]func() []Column{
		"PerTokenColumns": PerTokenColumns, "ParamsColumns": ParamsColumns,
		"CostTableColumns": CostTableColumns, "CostColumns": CostColumns,
		"LongContextColumns": LongContextColumns, "CountsColumns": CountsColumns,
		"SparsityColumns": SparsityColumns, "SparsityTableColumns": SparsityTableColumns,
		"RooflineColumns": RooflineColumns, "DeployColumns": DeployColumns,
		"Columns(cost)":   func() []Column { return Columns(Cost) },
		"Columns(deploy)": func() []Column { return Columns(Deploy) },
	} {
		got := get()
		if len(got) == 0 {
			t.Fatalf("%s: empty", name)
		}
		key := got[0].Key
		got[0].Key = "changed"
		if again := get(); again[0].Key != key {
			t.Errorf("%s: changing the returned list changed the package's (first key %q, want %q)", name, again[0].Key, key)
		}
	}
	a := Analyses()
	a[0] = "changed"
	if Analyses()[0] != Cost {
		t.Errorf("Analyses: changing the returned list changed the package's")
	}
	k := PlotKinds()
	k[0] = "changed"
	if PlotKinds()[0] != "scatter" {
		t.Errorf("PlotKinds: changing the returned list changed the package's")
	}
}
