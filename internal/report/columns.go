package report

import (
	"slices"

	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// tableColumns lays scenarios' columns of an analysis (the one list of their keys and
// titles) out as a table's columns: show formats the columns it names (the others
// render.Plain), and the detail columns only CSV and JSON carry.
func tableColumns(cols []scenarios.Column, show map[string]func(any) string, detail ...string) []render.Column {
	out := make([]render.Column, len(cols))
	for i, c := range cols {
		out[i] = render.Column{Key: c.Key, Header: c.Header, Show: show[c.Key], Detail: slices.Contains(detail, c.Key)}
	}
	return out
}

// pick returns the columns of cols with the given keys, in cols' order.
func pick(cols []scenarios.Column, keys ...string) []scenarios.Column {
	var out []scenarios.Column
	for _, c := range cols {
		if slices.Contains(keys, c.Key) {
			out = append(out, c)
		}
	}
	return out
}

// showing is a table's column formats: show for each of keys, added to m.
func showing(m map[string]func(any) string, show func(any) string, keys ...string) map[string]func(any) string {
	if m == nil {
		m = map[string]func(any) string{}
	}
	for _, k := range keys {
		m[k] = show
	}
	return m
}

// perToken are the keys of scenarios.PerTokenColumns.
func perToken() []string {
	var k []string
	for _, c := range scenarios.PerTokenColumns() {
		k = append(k, c.Key)
	}
	return k
}

// wide marks the columns of cols with the given keys Wide: a terminal table leaves them
// out, rightmost first, when it does not fit render.MaxWidth (--wide shows them).
func wide(cols []render.Column, keys ...string) []render.Column {
	for i := range cols {
		if slices.Contains(keys, cols[i].Key) {
			cols[i].Wide = true
		}
	}
	return cols
}
