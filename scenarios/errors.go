package scenarios

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Error is a problem in a scenario file, at a line, in a field.
type Error struct {
	// File is the scenario's file name.
	File string
	// Line is the 1-based line of the offending value (0 when unknown).
	Line int
	// Field is the path of the offending field, e.g. "axes.contexts[1]" (empty when the
	// problem is the file as a whole).
	Field string
	// Msg says what is wrong.
	Msg string
}

// Error writes "file:line: field: message" on one line.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(strings.ReplaceAll(e.Msg, "\n", " "))
	return b.String()
}

// path is a field path: strings for mapping keys, ints for list indices.
type path []any

func (p path) String() string {
	var b strings.Builder
	for _, e := range p {
		switch e := e.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", e)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, e)
		}
	}
	return b.String()
}

// errAt makes an Error at the node of path p (or its nearest ancestor in the file).
func (s *Scenario) errAt(p path, format string, args ...any) *Error {
	return &Error{File: s.File, Line: s.lineOf(p), Field: p.String(), Msg: fmt.Sprintf(format, args...)}
}

// lineOf finds the line of the value at path p; the deepest existing ancestor's line when
// the value is missing.
func (s *Scenario) lineOf(p path) int {
	n := s.root
	if n == nil {
		return 0
	}
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, e := range p {
		var next *yaml.Node
		nextLine := 0
		switch e := e.(type) {
		case string: // a mapping entry is at its key's line
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == e {
						next, nextLine = n.Content[i+1], n.Content[i].Line
						break
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && e < len(n.Content) {
				next = n.Content[e]
				nextLine = next.Line
			}
		}
		if next == nil {
			return line
		}
		n, line = next, nextLine
	}
	return line
}

var (
	yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	notFound = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// yamlError turns a yaml.v3 error (syntax, unknown field, wrong type) into one Error, the
// first the decoder found.
func yamlError(file string, err error) error {
	msg := err.Error()
	if te, ok := err.(*yaml.TypeError); ok && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	m := yamlLine.FindStringSubmatch(strings.TrimSpace(msg))
	if m == nil {
		return &Error{File: file, Msg: strings.TrimPrefix(msg, "yaml: ")}
	}
	line, _ := strconv.Atoi(m[1])
	text := m[2]
	if k := notFound.FindStringSubmatch(text); k != nil {
		text = fmt.Sprintf("unknown key %q", k[1])
	} else {
		text = strings.ReplaceAll(text, "!!str ", "")
		text = strings.ReplaceAll(text, "!!int ", "")
		text = strings.ReplaceAll(text, "!!float ", "")
		text = strings.ReplaceAll(text, "!!seq", "a list")
		text = strings.ReplaceAll(text, "!!map", "a mapping")
		text = strings.ReplaceAll(text, "scenarios.", "")
	}
	return &Error{File: file, Line: line, Msg: text}
}
