package hardware

import (
	"errors"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/decost/decost/internal/bounded"
)

// maxCatalogueFileBytes is the largest hardware file decost reads.
const maxCatalogueFileBytes = 4 << 20

// CatalogueFile is a user's hardware file (--hardware-file): cards that add to or override
// the built-in catalogue, and calibration profiles for some of them. Its YAML form is
//
//	accelerators:
//	  - id: my-h20                  # new card: peak bf16, bandwidth and memory are required
//	    name: NVIDIA H20 (our contract)
//	    peak_tflops_per_second: {bf16: 148, fp8: 296}   # dense TFLOP/s per format (fp4 too)
//	    memory_tb_per_second: 4.0   # HBM bandwidth, 10^12 bytes/s
//	    memory_gb: 96               # HBM capacity, 10^9 bytes
//	    nic_gbit_per_second: 400    # scale-out NIC per GPU, 10^9 bit/s (0: none)
//	    scale_up_gb_per_second: 450 # NVLink per GPU, one direction, 10^9 B/s (0: unknown)
//	    gpus_per_node: 8            # default 8
//	    price_usd_per_hour: 0.7     # leave out when unknown
//	    note: our own numbers
//	    profile:                    # optional calibration profile (see hardware.Profile)
//	      name: my-h20
//	      compute_fraction: {bf16: 0.7, fp8: 0.6}
//	      bandwidth_fraction: 0.85
//	      kernel_overhead_seconds: 4.0e-6
//	  - id: h200                    # a built-in card: only the fields given change
//	    price_usd_per_hour: 3.1
type CatalogueFile struct {
	// File is the path read, for messages.
	File string
	// Accelerators are the cards of the file, complete (an override carries the built-in
	// card's other fields), in file order.
	Accelerators []Accelerator
	// Profiles are the calibration profiles the file gives, by card id.
	Profiles map[string]Profile
}

// Apply puts the file's cards into c, replacing cards of the same id.
func (f *CatalogueFile) Apply(c *Catalogue) {
	for _, a := range f.Accelerators {
		c.Put(a)
	}
}

// ReadCatalogueFiles reads the hardware files in order, applies each to cat and returns the
// calibration profiles they give, by card id. A card that two files both give is an error:
// which of the two should win is a guess decost does not make (conflicting inputs are
// refused).
func ReadCatalogueFiles(paths []string, cat *Catalogue) (map[string]Profile, error) {
	profiles := map[string]Profile{}
	in := map[string]string{} // card id → the file that gives it
	for _, path := range paths {
		cf, err := ReadCatalogueFile(path, cat)
		if err != nil {
			return nil, err
		}
		for _, a := range cf.Accelerators {
			if first, ok := in[a.ID]; ok {
				return nil, fmt.Errorf("card %s is in both %s and %s; give each card in one file", a.ID, first, path)
			}
			in[a.ID] = path
		}
		cf.Apply(cat)
		for id, p := range cf.Profiles {
			profiles[id] = p
		}
	}
	return profiles, nil
}

// ReadCatalogueFile reads a YAML hardware file; base holds the cards it may override (the
// built-in catalogue, usually) and is not changed.
func ReadCatalogueFile(path string, base *Catalogue) (*CatalogueFile, error) {
	data, err := bounded.ReadFile(path, bounded.Limits{MaxBytes: maxCatalogueFileBytes, MaxLineBytes: bounded.MaxTextLineBytes})
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such file (want a YAML hardware file)", path)
		}
		return nil, fmt.Errorf("%s: %w", path, bounded.Describe(err, "a hardware file"))
	}
	return ParseCatalogueYAML(data, path, base)
}

// ParseCatalogueYAML reads a hardware file already in memory; file names it in errors. A nil
// base makes every card new.
// Every error names the file, the line, the card and the field, and what was expected.
func ParseCatalogueYAML(data []byte, file string, base *Catalogue) (cf *CatalogueFile, err error) {
	defer func() {
		// The YAML library has panicked on malformed input in the past; never pass that on.
		if r := recover(); r != nil {
			cf, err = nil, fmt.Errorf("%s: not readable YAML (%v)", file, r)
		}
	}()
	if base == nil {
		base = &Catalogue{} // nothing to override: every card is new
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty; want a mapping with an accelerators list", file)
	}
	if err := noAliases(file, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	p := yamlReader{file: file}
	top, err := p.mapping(root, "the file", []string{"accelerators"})
	if err != nil {
		return nil, err
	}
	list, ok := top["accelerators"]
	if !ok {
		return nil, p.errorf(root, "accelerators: missing; want a list of cards")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, p.errorf(list, "accelerators: want a list of cards, got %s", kindName(list))
	}
	cf = &CatalogueFile{File: file, Profiles: map[string]Profile{}}
	seen := map[string]int{}
	for i, n := range list.Content {
		if id := peekID(n); id != "" {
			if line, dup := seen[id]; dup {
				return nil, p.errorf(n, "accelerator %q: given twice (first on line %d)", id, line)
			}
			seen[id] = n.Line
		}
		a, prof, err := p.accelerator(n, i, base)
		if err != nil {
			return nil, err
		}
		cf.Accelerators = append(cf.Accelerators, a)
		if prof != nil {
			cf.Profiles[a.ID] = *prof
		}
	}
	return cf, nil
}

// cardFields are the keys of one accelerator entry.
var cardFields = []string{"id", "name", "peak_tflops_per_second", "memory_tb_per_second", "memory_gb",
	"nic_gbit_per_second", "scale_up_gb_per_second", "gpus_per_node", "price_usd_per_hour", "note", "profile"}

// accelerator reads entry i of the accelerators list.
func (p yamlReader) accelerator(n *yaml.Node, i int, base *Catalogue) (Accelerator, *Profile, error) {
	what := fmt.Sprintf("accelerator %d", i+1)
	if id := peekID(n); id != "" {
		what = fmt.Sprintf("accelerator %q", id)
	}
	fields, err := p.mapping(n, what, cardFields)
	if err != nil {
		return Accelerator{}, nil, err
	}
	idNode, ok := fields["id"]
	if !ok {
		return Accelerator{}, nil, p.errorf(n, "%s: id: missing; want the card's short name, e.g. my-h20", what)
	}
	id, err := p.text(idNode, what+": id")
	if err != nil {
		return Accelerator{}, nil, err
	}
	if id == "" || strings.ContainsAny(id, ", \t=") || id == "all" {
		return Accelerator{}, nil, p.errorf(idNode, "%s: id: want a short name without spaces, commas or '=' (and not \"all\"), got %q", what, id)
	}
	what = fmt.Sprintf("accelerator %q", id)

	var a Accelerator
	builtin, err := base.Get(id)
	override := err == nil
	if override {
		a = builtin
		a.Note = strings.TrimSpace(strings.TrimSuffix(a.Note, ".") + "; changed by " + p.file)
	} else {
		a = Accelerator{ID: id, Name: id, GPUsPerNode: DefaultGPUsPerNode}
		for _, k := range []string{"peak_tflops_per_second", "memory_tb_per_second", "memory_gb"} {
			if _, ok := fields[k]; !ok {
				return Accelerator{}, nil, p.errorf(n, "%s: %s: missing; a card not in the built-in catalogue needs peak_tflops_per_second.bf16, memory_tb_per_second and memory_gb", what, k)
			}
		}
	}

	if v, ok := fields["name"]; ok {
		if a.Name, err = p.text(v, what+": name"); err != nil {
			return Accelerator{}, nil, err
		}
	}
	if v, ok := fields["note"]; ok {
		if a.Note, err = p.text(v, what+": note"); err != nil {
			return Accelerator{}, nil, err
		}
	}
	if v, ok := fields["peak_tflops_per_second"]; ok {
		peaks, err := p.mapping(v, what+": peak_tflops_per_second", []string{"bf16", "fp8", "fp4"})
		if err != nil {
			return Accelerator{}, nil, err
		}
		if !override {
			if _, ok := peaks["bf16"]; !ok {
				return Accelerator{}, nil, p.errorf(v, "%s: peak_tflops_per_second.bf16: missing; every card needs its BF16 peak", what)
			}
		}
		for _, x := range []struct {
			key string
			dst *float64
		}{{"bf16", &a.PeakFLOPsPerSecond.BF16}, {"fp8", &a.PeakFLOPsPerSecond.FP8}, {"fp4", &a.PeakFLOPsPerSecond.FP4}} {
			if v, ok := peaks[x.key]; ok {
				// bf16 must be positive; fp8 and fp4 may be 0 for "not supported".
				t, err := p.number(v, what+": peak_tflops_per_second."+x.key, x.key == "bf16", 1e7)
				if err != nil {
					return Accelerator{}, nil, err
				}
				*x.dst = t * 1e12
			}
		}
	}
	for _, x := range []struct {
		key      string
		dst      *float64
		unit     float64
		positive bool
		limit    float64
	}{
		{"memory_tb_per_second", &a.MemoryBytesPerSecond, 1e12, true, 1e4},
		{"memory_gb", &a.MemoryBytes, 1e9, true, 1e7},
		{"nic_gbit_per_second", &a.NICBitsPerSecond, 1e9, false, MaxNICBitsPerSecond / 1e9},
		{"scale_up_gb_per_second", &a.ScaleUpBytesPerSecond, 1e9, false, 1e6},
		{"price_usd_per_hour", &a.PriceUSDPerHour, 1, true, 1e6},
	} {
		if v, ok := fields[x.key]; ok {
			t, err := p.number(v, what+": "+x.key, x.positive, x.limit)
			if err != nil {
				if x.key == "price_usd_per_hour" {
					err = fmt.Errorf("%w (leave the field out when the price is unknown)", err)
				}
				return Accelerator{}, nil, err
			}
			*x.dst = t * x.unit
		}
	}
	if _, ok := fields["price_usd_per_hour"]; ok {
		a.PriceIndicative = false
	}
	if v, ok := fields["gpus_per_node"]; ok {
		g, err := p.number(v, what+": gpus_per_node", true, 1e6)
		if err != nil {
			return Accelerator{}, nil, err
		}
		if g != math.Trunc(g) {
			return Accelerator{}, nil, p.errorf(v, "%s: gpus_per_node: want a whole number, got %v", what, g)
		}
		a.GPUsPerNode = int(g)
	}
	a.InReport = override && builtin.InReport && a == withNote(builtin, a.Note)
	if err := a.Validate(); err != nil {
		return Accelerator{}, nil, p.errorf(n, "%v", err)
	}

	var prof *Profile
	if v, ok := fields["profile"]; ok {
		pr, err := p.profile(v, what+": profile")
		if err != nil {
			return Accelerator{}, nil, err
		}
		prof = &pr
	}
	return a, prof, nil
}

// peekID returns the id of an accelerator entry before it is read, "" if it has none.
func peekID(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, v := n.Content[i], n.Content[i+1]; k.Value == "id" && v.Kind == yaml.ScalarNode {
			return strings.TrimSpace(v.Value)
		}
	}
	return ""
}

// withNote returns a with its note replaced.
func withNote(a Accelerator, note string) Accelerator {
	a.Note = note
	return a
}

// profileFields are the keys of a profile, and of its nested mappings.
var profileFields = map[string][]string{
	"":                 {"name", "source", "compute_fraction", "bandwidth_fraction", "kernel_overhead_seconds", "fit"},
	"compute_fraction": {"bf16", "fp8", "fp4"},
	"fit":              {"hardware", "rows", "median_relative_error", "worst_relative_error"},
}

// profile reads a calibration profile, checking its keys (with lines) before decoding it.
func (p yamlReader) profile(n *yaml.Node, what string) (Profile, error) {
	fields, err := p.mapping(n, what, profileFields[""])
	if err != nil {
		return Profile{}, err
	}
	numbers := map[string]*yaml.Node{}
	for _, k := range []string{"bandwidth_fraction", "kernel_overhead_seconds"} {
		if v, ok := fields[k]; ok {
			numbers[k] = v
		}
	}
	for _, k := range []string{"compute_fraction", "fit"} {
		if v, ok := fields[k]; ok {
			sub, err := p.mapping(v, what+": "+k, profileFields[k])
			if err != nil {
				return Profile{}, err
			}
			for name, x := range sub {
				if name != "hardware" {
					numbers[k+"."+name] = x
				}
			}
		}
	}
	names := make([]string, 0, len(numbers))
	for name := range numbers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		// Ranges are Profile.Validate's; here only that each is a number.
		if _, err := p.number(numbers[name], what+": "+name, false, math.MaxFloat64); err != nil {
			return Profile{}, err
		}
	}
	var pr Profile
	if err := n.Decode(&pr); err != nil {
		return Profile{}, p.errorf(n, "%s: %s", what, strings.Join(strings.Fields(strings.TrimPrefix(err.Error(), "yaml: ")), " "))
	}
	if err := pr.Validate(); err != nil {
		return Profile{}, p.errorf(n, "%s: %v", what, err)
	}
	return pr, nil
}
