package kernels

import (
	"bytes"
	"embed"
	"fmt"
	"path"
	"sort"
	"sync"
)

//go:embed data/*.csv
var dataFS embed.FS

// loan is a card that borrows another card's tables where the silicon is the same.
type loan struct {
	card, from string
	// compute: the compute-kernel tables (GEMM, attention, …) are borrowed.
	compute bool
	// fabrics: the all-to-all tables over these fabrics are borrowed.
	fabrics []string
	why     string
}

// loans are the built-in borrowings (documented in data/README.md).
var loans = []loan{
	{card: "h100", from: "h800", compute: true, fabrics: []string{"rdma"},
		why: "H100 SXM and H800 share the GH100 die, clocks and 3.35 TB/s HBM3; the RDMA all-to-all was measured over a 400 Gb/s CX7 NIC per GPU, as on H100 SXM nodes. H800's NVLink is narrower (400 vs 900 GB/s), so NVLink tables are not lent"},
	{card: "h200", from: "h800", compute: false, fabrics: []string{"rdma"},
		why: "H200 has the GH100 compute die but 4.8 TB/s HBM3e, so no compute table is lent; the RDMA all-to-all (400 Gb/s CX7 NIC per GPU, as on H200 nodes) is"},
}

var builtin struct {
	once   sync.Once
	tables []*Table
	sets   map[string]*Set
	from   map[string]string
	err    error
}

func loadBuiltin() {
	b := &builtin
	entries, err := dataFS.ReadDir("data")
	if err != nil {
		b.err = err
		return
	}
	for _, e := range entries {
		name := path.Join("data", e.Name())
		raw, err := dataFS.ReadFile(name)
		if err != nil {
			b.err = err
			return
		}
		t, err := Read(bytes.NewReader(raw))
		if err != nil {
			b.err = fmt.Errorf("built-in %s: %w", name, err)
			return
		}
		b.tables = append(b.tables, t)
	}
	// A fixed precedence: by id, so that the first table of an op class and dtype is stable.
	sort.Slice(b.tables, func(i, j int) bool { return preference(b.tables[i]) < preference(b.tables[j]) })
	b.sets, b.from = map[string]*Set{}, map[string]string{}
	byCard := map[string][]*Table{}
	for _, t := range b.tables {
		byCard[t.Card] = append(byCard[t.Card], t)
	}
	for card, ts := range byCard {
		b.sets[card] = NewSet(card, ts...)
	}
	for _, l := range loans {
		var lent []*Table
		for _, t := range byCard[l.from] {
			if (t.Fabric == "" && l.compute) || (t.Fabric != "" && contains(l.fabrics, t.Fabric)) {
				lent = append(lent, t)
			}
		}
		if len(lent) == 0 {
			continue
		}
		s := b.sets[l.card]
		if s == nil {
			s = NewSet(l.card)
		}
		for _, t := range lent {
			s.add(t, false)
		}
		b.sets[l.card], b.from[l.card] = s, l.from
	}
}

// preference orders the built-in tables: the primary table of an op class and dtype first.
// Tables named in secondary are cross-checks (e.g. DeepGEMM's README numbers beside
// InferSim's fuller grid of the same kernels) and come after.
func preference(t *Table) string {
	if secondary[t.ID] {
		return "1" + t.ID
	}
	return "0" + t.ID
}

// secondary are built-in tables kept for cross-checking, used only when no other table of
// their card, op class and dtype exists.
var secondary = map[string]bool{
	"h800/deepgemm/gemm/fp8": true,
}

// Builtin returns the built-in tables (every card), in precedence order.
func Builtin() ([]*Table, error) {
	builtin.once.Do(loadBuiltin)
	return append([]*Table(nil), builtin.tables...), builtin.err
}

// ForCard returns the built-in tables for the card with catalogue id cardID, or nil if
// there are none. borrowedFrom is "" when every table was measured on that card, else the
// id of the card whose tables it borrows (same silicon; see data/README.md); the values
// are unchanged and each borrowed table's basis says so. The set is shared: do not modify
// it (With returns a copy).
func ForCard(cardID string) (s *Set, borrowedFrom string) {
	builtin.once.Do(loadBuiltin)
	if builtin.err != nil {
		return nil, ""
	}
	return builtin.sets[cardID], builtin.from[cardID]
}

// Loan describes why card borrows another card's tables ("" if it does not).
func Loan(card string) (from, why string) {
	for _, l := range loans {
		if l.card == card {
			return l.from, l.why
		}
	}
	return "", ""
}
