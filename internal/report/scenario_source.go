package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"gopkg.in/yaml.v3"
)

// ScenarioSource writes a scenario's YAML source (as 'decost sweep NAME --print' shows it)
// in format: "yaml" — or "table", --format's default — as it is, comments included; "json"
// as one JSON object with the keys in the file's order and the values typed as YAML reads
// them (8k stays the string "8k", which the scenario reader parses).
func ScenarioSource(w io.Writer, src []byte, format string) error {
	switch format {
	case "yaml", "table":
		_, err := w.Write(src)
		return err
	case "json":
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			return err
		}
		var b bytes.Buffer
		if len(doc.Content) > 0 {
			if err := nodeJSON(&b, doc.Content[0], ""); err != nil {
				return err
			}
		}
		b.WriteByte('\n')
		_, err := w.Write(b.Bytes())
		return err
	}
	return fmt.Errorf("--format %s: --print writes the scenario as yaml or json", format)
}

// nodeJSON writes a YAML node as indented JSON, mappings in their order.
func nodeJSON(b *bytes.Buffer, n *yaml.Node, indent string) error {
	in := indent + "  "
	switch n.Kind {
	case yaml.AliasNode:
		return nodeJSON(b, n.Alias, indent)
	case yaml.MappingNode, yaml.SequenceNode:
		open, end, step := "{", "}", 2
		if n.Kind == yaml.SequenceNode {
			open, end, step = "[", "]", 1
		}
		if len(n.Content) == 0 {
			b.WriteString(open + end)
			return nil
		}
		b.WriteString(open)
		for i := 0; i < len(n.Content); i += step {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n" + in)
			if step == 2 {
				k, _ := json.Marshal(n.Content[i].Value)
				b.Write(k)
				b.WriteString(": ")
			}
			if err := nodeJSON(b, n.Content[i+step-1], in); err != nil {
				return err
			}
		}
		b.WriteString("\n" + indent + end)
		return nil
	}
	var v any = n.Value
	switch n.Tag {
	case "!!null":
		v = nil
	case "!!bool", "!!int", "!!float":
		if err := n.Decode(&v); err != nil {
			return err
		}
		if f, ok := v.(float64); ok {
			b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
			return nil
		}
	}
	j, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	b.Write(j)
	return nil
}
