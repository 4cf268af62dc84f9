package kernels

import "strings"

// Basis says what a time was priced from, per op: "table:<id>" (a measured kernel table,
// with " (borrowed by <card>)" when the card borrowed another card's table and
// " (outside grid)" when the shape lay outside the measured one), "profile:<name>" (a
// fitted roofline profile) or "ideal" (100% of peak, no latency).
type Basis string

// Ideal is the basis of a time priced at 100% of peak with no latency.
const Ideal Basis = "ideal"

// The suffixes a table basis may carry.
const (
	outsideSuffix  = " (outside grid)"
	borrowedPrefix = " (borrowed by "
)

// ProfileBasis is the basis of a time priced from the fitted roofline profile name.
func ProfileBasis(name string) Basis { return Basis("profile:" + name) }

// TableBasis is the basis of a time looked up in the table with this id, as measured.
func TableBasis(id string) Basis { return Basis("table:" + id) }

// IsTable reports whether the time came from a measured kernel table.
func (b Basis) IsTable() bool { return strings.HasPrefix(string(b), "table:") }

// Outside reports whether a table lookup lay outside the measured shapes (clamped to the
// nearest measured value, or scaled in proportion beyond the largest: see the package doc).
func (b Basis) Outside() bool {
	return strings.HasSuffix(string(b), outsideSuffix) || strings.HasSuffix(string(b), ", outside grid)")
}

// Borrowed reports whether the table was measured on another card with the same silicon.
func (b Basis) Borrowed() bool { return strings.Contains(string(b), borrowedPrefix) }

// TableID is the id of the table the time came from ("" for a profile or ideal basis).
func (b Basis) TableID() string {
	s, ok := strings.CutPrefix(string(b), "table:")
	if !ok {
		return ""
	}
	if i := strings.IndexByte(s, ' '); i >= 0 {
		s = s[:i]
	}
	return s
}

// String is the basis as decost prints it, suffixes included (see Basis).
func (b Basis) String() string { return string(b) }
