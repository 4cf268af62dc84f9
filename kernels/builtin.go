package kernels

import (
	"embed"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
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

// builtin holds the built-in tables, parsed per card on first use (a run that prices one
// card parses only its files and its lender's: start-up stays short).
var builtin struct {
	mu     sync.Mutex
	files  map[string][]string // card → its files under data/
	tables map[string][]*Table // card → its parsed tables, in precedence order
	sets   map[string]*Set
	from   map[string]string
	err    error
}

// builtinFiles lists the table files by card (the file name's prefix before "_": the id
// with "/" written as "_"). Call with builtin.mu held.
func builtinFiles() {
	b := &builtin
	if b.files != nil {
		return
	}
	b.files, b.tables, b.sets, b.from = map[string][]string{}, map[string][]*Table{}, map[string]*Set{}, map[string]string{}
	entries, err := dataFS.ReadDir("data")
	if err != nil {
		b.err = err
		return
	}
	for _, e := range entries {
		if card, _, ok := strings.Cut(e.Name(), "_"); ok && strings.HasSuffix(e.Name(), ".csv") {
			b.files[card] = append(b.files[card], path.Join("data", e.Name()))
		}
	}
}

// cardTables parses the built-in tables measured on card. Call with builtin.mu held.
func cardTables(card string) ([]*Table, error) {
	b := &builtin
	if ts, ok := b.tables[card]; ok {
		return ts, nil
	}
	var ts []*Table
	for _, name := range b.files[card] {
		raw, err := dataFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		got, err := parseAll(string(raw))
		if err != nil {
			return nil, fmt.Errorf("built-in %s: %w", name, err)
		}
		for _, t := range got {
			if t.Card != card {
				return nil, fmt.Errorf("built-in %s: card %q, but the file is named for %q", name, t.Card, card)
			}
		}
		ts = append(ts, got...)
	}
	// A fixed precedence: the primary table of an op class and dtype first, then by id.
	sort.Slice(ts, func(i, j int) bool {
		si, sj := secondary[ts[i].ID], secondary[ts[j].ID]
		if si != sj {
			return sj
		}
		return ts[i].ID < ts[j].ID
	})
	b.tables[card] = ts
	return ts, nil
}

// cardSet builds the set of card: its own tables, then those it borrows. Call with
// builtin.mu held.
func cardSet(card string) (*Set, string, error) {
	b := &builtin
	if s, ok := b.sets[card]; ok {
		return s, b.from[card], nil
	}
	own, err := cardTables(card)
	if err != nil {
		return nil, "", err
	}
	var s *Set
	if len(own) > 0 {
		s = NewSet(card, own...)
	}
	from := ""
	for _, l := range loans {
		if l.card != card {
			continue
		}
		theirs, err := cardTables(l.from)
		if err != nil {
			return nil, "", err
		}
		for _, t := range theirs {
			if (t.Fabric == "" && l.compute) || (t.Fabric != "" && slices.Contains(l.fabrics, t.Fabric)) {
				if s == nil {
					s = NewSet(card)
				}
				s.add(t, false)
				from = l.from
			}
		}
	}
	b.sets[card], b.from[card] = s, from
	return s, from, nil
}

// secondary are built-in tables kept for cross-checking, used only when no other table of
// their card, op class and dtype exists.
var secondary = map[string]bool{
	"h800/deepgemm/gemm/fp8": true,
}

// Builtin returns the built-in tables of every card, by card id, each card's in precedence
// order.
func Builtin() ([]*Table, error) {
	b := &builtin
	b.mu.Lock()
	defer b.mu.Unlock()
	builtinFiles()
	if b.err != nil {
		return nil, b.err
	}
	cards := make([]string, 0, len(b.files))
	for c := range b.files {
		cards = append(cards, c)
	}
	sort.Strings(cards)
	var all []*Table
	for _, c := range cards {
		ts, err := cardTables(c)
		if err != nil {
			return nil, err
		}
		all = append(all, ts...)
	}
	return all, nil
}

// ForCard returns the built-in tables for the card with catalogue id cardID, or nil if
// there are none. borrowedFrom is "" when every table was measured on that card, else the
// id of the card whose tables it borrows (same silicon; see Loan and data/README.md); the
// values are unchanged and each borrowed table's basis says so. The set is shared and
// immutable (With returns a copy). The first call for a card parses its tables (about a
// tenth of a millisecond per hundred measurements).
func ForCard(cardID string) (s *Set, borrowedFrom string) {
	b := &builtin
	b.mu.Lock()
	defer b.mu.Unlock()
	builtinFiles()
	if b.err != nil {
		return nil, ""
	}
	s, from, err := cardSet(cardID)
	if err != nil {
		return nil, ""
	}
	return s, from
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
