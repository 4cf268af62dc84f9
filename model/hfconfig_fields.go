package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Bounds on what a config.json may ask for, so that a corrupt or hostile file cannot make
// decost allocate without limit. Every real model is far inside them.
const (
	maxHFLayers    = 10000   // decoder layers
	maxHFDimension = 1 << 24 // any width, head count or expert count
	maxHFContext   = 1 << 40 // max_position_embeddings and windows, in tokens
)

// hfFields reads the fields of one JSON object of a config.json (the top level or its
// text_config) and remembers which it read, so that `decost models show` can say exactly
// how the file was understood.
type hfFields struct {
	file   string         // the file, for errors
	prefix string         // "" or "text_config.", prepended to field names in errors and lists
	obj    map[string]any // the object, decoded with UseNumber
	lines  map[string]int // line of each key in the file, by name with prefix
	used   []HFField      // fields read, in the order they were read
	seen   map[string]bool
}

func newHFFields(file, prefix string, obj map[string]any, lines map[string]int) *hfFields {
	return &hfFields{file: file, prefix: prefix, obj: obj, lines: lines, seen: map[string]bool{}}
}

// errorf names the file, the line of the field when it is in the file, and the field.
func (f *hfFields) errorf(name, format string, args ...any) error {
	key, _, _ := strings.Cut(name, "[")
	where := f.file
	if line, ok := f.lines[f.prefix+key]; ok {
		where = fmt.Sprintf("%s:%d", f.file, line)
	}
	return fmt.Errorf("%s: field %s%s: %s", where, f.prefix, name, fmt.Sprintf(format, args...))
}

// jsonKeyLines maps each key of the top-level object, and of its text_config object
// ("text_config.key"), to its line in data (1-based). data is valid JSON. A key that appears
// twice in one object, at any depth, is an error naming it and both lines: encoding/json
// keeps the last value silently, so "hidden_size": 5120, "hidden_size": 4096 would make a
// smaller model without a word.
func jsonKeyLines(file string, data []byte) (map[string]int, error) {
	type frame struct {
		object    bool           // an object (keys and values), not an array
		expectKey bool           // the next token of an object is a key
		path      string         // the frame's place in the file, e.g. "text_config" or "layers[]"
		keys      map[string]int // an object's keys so far, and their lines
	}
	lines := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []frame
	var lastKey string
	for {
		tok, err := dec.Token()
		if err != nil {
			return lines, nil
		}
		top := len(stack) - 1
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				p := lastKey
				if top >= 0 {
					if !stack[top].object {
						p = stack[top].path + "[]"
					} else if stack[top].path != "" {
						p = stack[top].path + "." + lastKey
					}
				}
				stack = append(stack, frame{object: d == '{', expectKey: d == '{', path: p, keys: map[string]int{}})
			default:
				stack = stack[:top]
				if top > 0 && stack[top-1].object {
					stack[top-1].expectKey = true
				}
			}
			continue
		}
		if top < 0 || !stack[top].object {
			continue
		}
		if !stack[top].expectKey {
			stack[top].expectKey = true // a scalar value
			continue
		}
		key, _ := tok.(string)
		lastKey, stack[top].expectKey = key, false
		line, _ := lineColumn(data, dec.InputOffset())
		if first, ok := stack[top].keys[key]; ok {
			name := key
			if stack[top].path != "" {
				name = stack[top].path + "." + key
			}
			return nil, fmt.Errorf("%s:%d: field %s appears twice (lines %d and %d); want each key once, JSON readers disagree on which one counts", file, line, name, first, line)
		}
		stack[top].keys[key] = line
		switch {
		case top == 0:
			lines[key] = line
		case top == 1 && stack[1].object && stack[1].path == "text_config":
			lines["text_config."+key] = line
		}
	}
}

// get returns the field's value; ok is false when it is absent or null.
func (f *hfFields) get(name string) (any, bool) {
	v, ok := f.obj[name]
	return v, ok && v != nil
}

// has reports whether the field is present and not null.
func (f *hfFields) has(name string) bool {
	_, ok := f.get(name)
	return ok
}

// note records that the field was read, with the value decost took from it.
func (f *hfFields) note(name, value, note string) {
	if f.seen[name] {
		return
	}
	f.seen[name] = true
	f.used = append(f.used, HFField{Name: f.prefix + name, Value: value, Note: note})
}

// integer reads a JSON number that must be a whole number within limit.
func (f *hfFields) integer(name string, v any, limit int64) (int, error) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, f.errorf(name, "want a whole number, got %s", shortJSON(v))
	}
	i, err := strconv.ParseInt(string(n), 10, 64)
	if err != nil {
		x, ferr := strconv.ParseFloat(string(n), 64)
		if ferr != nil || x != math.Trunc(x) || math.IsInf(x, 0) || math.Abs(x) > float64(limit) {
			return 0, f.errorf(name, "want a whole number up to %d, got %s", limit, n)
		}
		i = int64(x)
	}
	if i > limit || i < -limit {
		return 0, f.errorf(name, "want a whole number up to %d, got %s", limit, n)
	}
	return int(i), nil
}

// positive reads a required field that must be a positive whole number.
func (f *hfFields) positive(name string) (int, error) {
	return f.positiveLimit(name, maxHFDimension)
}

func (f *hfFields) positiveLimit(name string, limit int64) (int, error) {
	v, ok := f.get(name)
	if !ok {
		return 0, f.errorf(name, "missing; want a positive whole number")
	}
	i, err := f.integer(name, v, limit)
	if err != nil {
		return 0, err
	}
	if i <= 0 {
		return 0, f.errorf(name, "want a positive whole number, got %d", i)
	}
	f.note(name, strconv.Itoa(i), "")
	return i, nil
}

// positiveOr reads an optional positive whole number; absent or null gives def.
func (f *hfFields) positiveOr(name string, def int) (int, error) {
	if !f.has(name) {
		f.note(name, strconv.Itoa(def), "absent; default")
		return def, nil
	}
	return f.positive(name)
}

// countOr reads an optional whole number that may be zero; absent or null gives def.
func (f *hfFields) countOr(name string, def int) (int, error) {
	return f.countOrLimit(name, def, maxHFDimension)
}

func (f *hfFields) countOrLimit(name string, def int, limit int64) (int, error) {
	v, ok := f.get(name)
	if !ok {
		f.note(name, strconv.Itoa(def), "absent; default")
		return def, nil
	}
	i, err := f.integer(name, v, limit)
	if err != nil {
		return 0, err
	}
	if i < 0 {
		return 0, f.errorf(name, "want 0 or a positive whole number, got %d", i)
	}
	f.note(name, strconv.Itoa(i), "")
	return i, nil
}

// boolOr reads an optional boolean.
func (f *hfFields) boolOr(name string, def bool) (bool, error) {
	v, ok := f.get(name)
	if !ok {
		f.note(name, strconv.FormatBool(def), "absent; default")
		return def, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, f.errorf(name, "want true or false, got %s", shortJSON(v))
	}
	f.note(name, strconv.FormatBool(b), "")
	return b, nil
}

// intList reads an optional list of whole numbers in [0, limit]; absent or null gives nil.
func (f *hfFields) intList(name string, limit int64) ([]int, error) {
	v, ok := f.get(name)
	if !ok {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, f.errorf(name, "want a list of whole numbers, got %s", shortJSON(v))
	}
	out := make([]int, len(list))
	for i, x := range list {
		n, err := f.integer(fmt.Sprintf("%s[%d]", name, i), x, limit)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, f.errorf(fmt.Sprintf("%s[%d]", name, i), "want 0 or a positive whole number, got %d", n)
		}
		out[i] = n
	}
	f.note(name, shortJSON(v), "")
	return out, nil
}

// strList reads an optional list of strings; absent or null gives nil.
func (f *hfFields) strList(name string) ([]string, error) {
	v, ok := f.get(name)
	if !ok {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, f.errorf(name, "want a list of strings, got %s", shortJSON(v))
	}
	out := make([]string, len(list))
	for i, x := range list {
		s, ok := x.(string)
		if !ok {
			return nil, f.errorf(fmt.Sprintf("%s[%d]", name, i), "want a string, got %s", shortJSON(x))
		}
		out[i] = s
	}
	f.note(name, shortJSON(v), "")
	return out, nil
}

// str reads an optional string; absent or null gives "".
func (f *hfFields) str(name string) (string, error) {
	v, ok := f.get(name)
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", f.errorf(name, "want a string, got %s", shortJSON(v))
	}
	f.note(name, shortJSON(s), "")
	return s, nil
}

// object reads an optional nested object; absent or null gives nil.
func (f *hfFields) object(name string) (map[string]any, error) {
	v, ok := f.get(name)
	if !ok {
		return nil, nil
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil, f.errorf(name, "want an object, got %s", shortJSON(v))
	}
	return o, nil
}

// layerIndex checks that i names one of n layers.
func (f *hfFields) layerIndex(name string, i, n int) error {
	if i < 0 || i >= n {
		return f.errorf(name, "layer %d is outside 0..%d (num_hidden_layers %d)", i, n-1, n)
	}
	return nil
}

// unread lists the object's fields that were not read, sorted.
func (f *hfFields) unread() []string {
	var out []string
	for k := range f.obj {
		if !f.seen[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// shortJSON writes v compactly for a message, cut to 60 characters.
func shortJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := []rune(string(b))
	if list, ok := v.([]any); ok && len(s) > 60 {
		return fmt.Sprintf("%s… (%d entries)", strings.TrimRight(string(s[:50]), ","), len(list))
	}
	if len(s) > 60 {
		return string(s[:57]) + "…"
	}
	return string(s)
}
