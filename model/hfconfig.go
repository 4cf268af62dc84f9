package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/decost/decost/internal/bounded"
)

// maxHFConfigBytes is the largest config.json decost reads; real ones are a few kilobytes.
const maxHFConfigBytes = 16 << 20

// HFField is one field of a config.json as the importer read it.
type HFField struct {
	// Name is the field's path in the file, e.g. "text_config.moe_top_k".
	Name string `json:"name"`
	// Value is the value decost took (compact JSON), or the default it used.
	Value string `json:"value"`
	// Note says "absent; default" for a default, or why an ignored field does not count.
	Note string `json:"note,omitempty"`
}

// HFImport is a model read from a Hugging Face config.json, with a record of how the file
// was read.
type HFImport struct {
	// Model is the architecture, every layer in the full-FP8 profile (FullFP8()); apply a
	// PrecisionOverride for another. Its ID is the name of the directory holding the file
	// (or the file's name without .json when it is not called config.json).
	Model *Model `json:"model"`
	// File is the path read.
	File string `json:"file"`
	// Architecture is the entry of the config's "architectures" list that was mapped.
	Architecture string `json:"architecture"`
	// Used lists the fields that made the model, in the order they were read (defaults
	// taken for absent optional fields included).
	Used []HFField `json:"fields_used"`
	// Ignored lists fields the counts leave out on purpose (biases, multi-token prediction,
	// vision encoder, …), each with the reason.
	Ignored []HFField `json:"fields_ignored,omitempty"`
	// Unread lists the remaining fields, which do not change any count (token ids, training
	// settings, …).
	Unread []string `json:"fields_not_read,omitempty"`
	// Notes are remarks on parts of the architecture the counts leave out that no field names
	// (gpt-oss attention sinks, the Qwen3-Next output gate, …).
	Notes []string `json:"notes,omitempty"`
}

// HFArchitectures lists the config.json "architectures" values the importer maps.
func HFArchitectures() []string {
	var names []string
	for _, a := range hfArchitectures {
		names = append(names, a.names...)
	}
	return names
}

// ReadHFConfig imports the config.json at path, or the config.json in directory path.
func ReadHFConfig(path string) (*HFImport, error) {
	file := path
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		file = filepath.Join(path, "config.json")
	}
	data, err := bounded.ReadFile(file, bounded.Limits{MaxBytes: maxHFConfigBytes, MaxLineBytes: bounded.MaxTextLineBytes})
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file (want a Hugging Face config.json or a directory holding one)", file)
		}
		return nil, fmt.Errorf("%s: %w", file, bounded.Describe(err, "a config.json"))
	}
	imp, err := ParseHFConfig(data, file)
	if err != nil {
		return nil, err
	}
	imp.Model.ID = hfModelID(file)
	return imp, nil
}

// hfModelID names an imported model after its directory ("…/step3/config.json" → "step3"),
// or after the file for another file name ("my-model.json" → "my-model").
func hfModelID(file string) string {
	base := filepath.Base(file)
	if base == "config.json" {
		if dir := filepath.Base(filepath.Dir(file)); dir != "." && dir != string(filepath.Separator) {
			return dir
		}
		return "config"
	}
	return strings.TrimSuffix(base, ".json")
}

// ParseHFConfig imports a config.json already read; file names it in errors and becomes the
// model's ID (ReadHFConfig sets a shorter one).
func ParseHFConfig(data []byte, file string) (*HFImport, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, jsonError(file, data, err)
	}
	if obj == nil {
		return nil, fmt.Errorf("%s: want a JSON object of model fields, got null", file)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%s: more than one JSON value; want a single object", file)
	}

	lines, err := jsonKeyLines(file, data)
	if err != nil {
		return nil, err
	}
	top := newHFFields(file, "", obj, lines)
	archs, err := top.strList("architectures")
	if err != nil {
		return nil, err
	}
	text := top
	tc, err := top.object("text_config")
	if err != nil {
		return nil, err
	}
	if tc != nil {
		text = newHFFields(file, "text_config.", tc, lines)
	}
	arch, name, err := findHFArchitecture(top, archs)
	if err != nil {
		return nil, err
	}
	if arch == nil {
		return nil, unknownHFArchitecture(file, archs, top, text)
	}

	b := &hfBuild{f: text, arch: name}
	if err := b.base(); err != nil {
		return nil, err
	}
	if err := arch.build(b); err != nil {
		return nil, err
	}
	m := &Model{
		ID: file, Name: b.name(top), Hidden: b.hidden, Vocab: b.vocab, TiedEmbeddings: b.tied,
		Source: fmt.Sprintf("%s (%s); full-FP8 profile unless --precision says otherwise", file, name),
		Layers: make([]Layer, b.layers),
	}
	for i := range m.Layers {
		m.Layers[i] = Layer{Attention: b.attn[i], FFN: b.ffn[i], Precision: FullFP8()}
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}

	m.MaxContext = b.maxContext
	m.MTPLayers = b.mtpLayers
	if b.mtpLayers > 0 {
		b.notes = append(b.notes, fmt.Sprintf("multi-token prediction: %d MTP layer(s) recorded (deploy --mtp drafts with them) and left out of the counts", b.mtpLayers))
	}
	imp := &HFImport{Model: m, File: file, Architecture: name, Notes: b.notes}
	for _, f := range hfObjects(top, text) {
		imp.Used = append(imp.Used, f.used...)
	}
	imp.Ignored, imp.Unread = hfLeftOut(top, text, arch)
	for _, w := range b.windows() {
		if b.maxContext > 0 && w >= b.maxContext {
			imp.Notes = append(imp.Notes, fmt.Sprintf("window %d is not below max_position_embeddings %d: those layers attend to the whole context", w, b.maxContext))
		}
	}
	return imp, nil
}

// jsonError turns a decoding error into one naming the file, line and column.
func jsonError(file string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineColumn(data, syn.Offset)
		return fmt.Errorf("%s: line %d, column %d: not valid JSON: %v", file, line, col, syn)
	case errors.As(err, &typ):
		line, col := lineColumn(data, typ.Offset)
		return fmt.Errorf("%s: line %d, column %d: want a JSON object of model fields, got a JSON %s", file, line, col, typ.Value)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("%s: empty; want a JSON object of model fields", file)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: ends in the middle of a JSON value", file)
	}
	return fmt.Errorf("%s: not valid JSON: %v", file, err)
}

// lineColumn converts a byte offset into a 1-based line and column.
func lineColumn(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	if offset < 0 {
		offset = 0
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// hfObjects lists the objects of a config.json that were read: the top level and, when the
// file has one, its text_config (text is top when it has none).
func hfObjects(top, text *hfFields) []*hfFields {
	if text == top {
		return []*hfFields{top}
	}
	return []*hfFields{top, text}
}

// findHFArchitecture returns the mapping of the entries of archs, and the first entry's name;
// nil when none is mapped. Several entries must all be mapped, to the same reading (as
// Step3VLForConditionalGeneration and Step3TextForCausalLM are); otherwise the file does not
// say which model it is, and that is an error naming both.
func findHFArchitecture(top *hfFields, archs []string) (*hfArchitecture, string, error) {
	lookup := func(name string) *hfArchitecture {
		for i := range hfArchitectures {
			if slices.Contains(hfArchitectures[i].names, name) {
				return &hfArchitectures[i]
			}
		}
		return nil
	}
	var found *hfArchitecture
	var first string
	for _, name := range archs {
		if a := lookup(name); a != nil && found == nil {
			found, first = a, name
		}
	}
	if found == nil {
		return nil, "", nil
	}
	for _, name := range archs {
		switch a := lookup(name); {
		case a == nil:
			return nil, "", top.errorf("architectures", "%q is not an architecture decost maps, beside %q; which one is the model? (want one entry, or entries read alike)", name, first)
		case a != found:
			return nil, "", top.errorf("architectures", "%q and %q are read differently (want one entry, or entries read alike)", first, name)
		}
	}
	return found, first, nil
}

// hfCommonFields are fields every mapped architecture reads the same way, or that never
// change a count; an unknown architecture's error lists the others as unmapped.
var hfCommonFields = map[string]bool{
	"architectures": true, "model_type": true, "text_config": true, "hidden_size": true,
	"num_hidden_layers": true, "num_attention_heads": true, "num_key_value_heads": true,
	"head_dim": true, "intermediate_size": true, "vocab_size": true, "max_position_embeddings": true,
	"tie_word_embeddings": true, "torch_dtype": true, "dtype": true, "transformers_version": true,
	"bos_token_id": true, "eos_token_id": true, "pad_token_id": true, "hidden_act": true,
	"initializer_range": true, "rms_norm_eps": true, "layer_norm_eps": true, "use_cache": true,
	"rope_theta": true, "rope_scaling": true, "attention_dropout": true, "attention_bias": true,
	"mlp_bias": true, "_name_or_path": true, "auto_map": true, "quantization_config": true,
}

func unknownHFArchitecture(file string, archs []string, top, text *hfFields) error {
	var unmapped []string
	for _, f := range hfObjects(top, text) {
		for _, k := range f.unread() {
			if !hfCommonFields[k] {
				unmapped = append(unmapped, f.prefix+k)
			}
		}
	}
	what := "no \"architectures\" field"
	if len(archs) > 0 {
		q := make([]string, len(archs))
		for i, a := range archs {
			q[i] = fmt.Sprintf("%q", a)
		}
		what = "unknown architecture " + strings.Join(q, ", ")
	}
	fields := "none"
	if len(unmapped) > 0 {
		fields = strings.Join(unmapped, ", ")
	}
	return fmt.Errorf("%s: %s (decost maps %s); fields it could not map: %s",
		file, what, strings.Join(HFArchitectures(), ", "), fields)
}

// hfIgnored are fields the counts leave out on purpose, with the reason.
var hfIgnored = map[string]string{
	"attention_bias":           "biases are left out of the counts",
	"mlp_bias":                 "biases are left out of the counts",
	"use_bias":                 "biases are left out of the counts",
	"qkv_bias":                 "biases are left out of the counts",
	"projector_bias":           "biases are left out of the counts",
	"num_nextn_predict_layers": "multi-token-prediction layers are left out (one token decoded at a time)",
	"num_mtp_modules":          "multi-token-prediction modules are left out (one token decoded at a time)",
	"mtp_transformer_layers":   "multi-token-prediction modules are left out (one token decoded at a time)",
	"use_mtp":                  "multi-token-prediction modules are left out (one token decoded at a time)",
	"vision_config":            "the vision encoder is left out: decost counts text decoding",
	"quantization_config":      "the stored format is not read: precision comes from --precision (default full FP8)",
	"torch_dtype":              "the stored format is not read: precision comes from --precision (default full FP8)",
	"dtype":                    "the stored format is not read: precision comes from --precision (default full FP8)",
	"use_qk_norm":              "norm weights are left out of the counts",
	"qk_norm_type":             "norm weights are left out of the counts",
	"partial_rotary_factor":    "the RoPE share of a head changes no count",
	"rotary_dim":               "the RoPE share of a head changes no count",
	"swiglu_limit":             "activation clamping changes no count",
	"n_group":                  "routing groups change which experts are picked, not how many",
	"topk_group":               "routing groups change which experts are picked, not how many",
}

// hfLeftOut splits the fields not read into those ignored on purpose and the rest.
func hfLeftOut(top, text *hfFields, arch *hfArchitecture) ([]HFField, []string) {
	var ignored []HFField
	var unread []string
	for _, f := range hfObjects(top, text) {
		for _, k := range f.unread() {
			reason, ok := hfIgnored[k]
			if r, archOK := arch.ignored[k]; archOK {
				reason, ok = r, true
			}
			switch {
			case ok:
				v, _ := f.get(k)
				ignored = append(ignored, HFField{Name: f.prefix + k, Value: shortJSON(v), Note: reason})
			case k == "text_config":
			default:
				unread = append(unread, f.prefix+k)
			}
		}
	}
	sort.Slice(ignored, func(i, j int) bool { return ignored[i].Name < ignored[j].Name })
	return ignored, unread
}
