package hardware

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// yamlReader reads nodes of one YAML file, naming the file and line in every error.
type yamlReader struct{ file string }

// errorf prefixes the file and n's line.
func (p yamlReader) errorf(n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", p.file, n.Line, fmt.Sprintf(format, args...))
}

// mapping reads a mapping whose keys must be among known; each key once.
func (p yamlReader) mapping(n *yaml.Node, what string, known []string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "%s: want a mapping of %s, got %s", what, strings.Join(known, ", "), kindName(n))
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, p.errorf(k, "%s: want field names, got %s", what, kindName(k))
		}
		ok := false
		for _, x := range known {
			ok = ok || k.Value == x
		}
		if !ok {
			return nil, p.errorf(k, "%s: unknown field %q (want %s)", what, k.Value, strings.Join(known, ", "))
		}
		if _, dup := out[k.Value]; dup {
			return nil, p.errorf(k, "%s: field %q given twice", what, k.Value)
		}
		out[k.Value] = v
	}
	return out, nil
}

// text reads a string scalar.
func (p yamlReader) text(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errorf(n, "%s: want text, got %s", what, kindName(n))
	}
	return strings.TrimSpace(n.Value), nil
}

// number reads a finite number in [0, limit]; positive excludes 0.
func (p yamlReader) number(n *yaml.Node, what string, positive bool, limit float64) (float64, error) {
	want := "a number ≥ 0"
	if positive {
		want = "a positive number"
	}
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		return 0, p.errorf(n, "%s: want %s, got %s", what, want, kindName(n))
	}
	var v float64
	if err := n.Decode(&v); err != nil {
		return 0, p.errorf(n, "%s: want %s, got %q", what, want, n.Value)
	}
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return 0, p.errorf(n, "%s: want %s, got %s", what, want, n.Value)
	case v < 0 || (positive && v == 0):
		return 0, p.errorf(n, "%s: want %s, got %s", what, want, n.Value)
	case v > limit:
		return 0, p.errorf(n, "%s: want %s up to %s, got %s", what, want, strconv.FormatFloat(limit, 'g', -1, 64), n.Value)
	}
	return v, nil
}

// kindName describes a node for messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing (null)"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// noAliases rejects anchors' aliases anywhere in the document: a hardware file has no use
// for them, and refusing them rules out exponential expansion.
func noAliases(file string, n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		return fmt.Errorf("%s:%d: YAML aliases (*name) are not supported in a hardware file", file, n.Line)
	}
	for _, c := range n.Content {
		if err := noAliases(file, c); err != nil {
			return err
		}
	}
	return nil
}
