package flagrule

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Defaults of the report's comparison, the README's main command.
const (
	DefaultModels   = "step3,deepseek-v3,qwen3-235b-a22b"
	DefaultHardware = "h800,h20,a800,910b"
	DefaultContexts = "8192,32768"
)

// LoadModels resolves a --model list (model.Resolve) and returns, next to each model, its import record
// (nil for a built-in model).
func LoadModels(s string) ([]*model.Model, []*model.HFImport, error) {
	ids, err := SplitList("model", s)
	if err != nil {
		return nil, nil, err
	}
	if len(ids) == 0 {
		return nil, nil, fmt.Errorf("--model: no model given")
	}
	if len(ids) == 1 && ids[0] == "all" {
		ids = model.BuiltinIDs()
	}
	var ms []*model.Model
	var imps []*model.HFImport
	for _, id := range ids {
		m, imp, err := model.Resolve(id)
		if err != nil {
			return nil, nil, fmt.Errorf("--model: %w", err)
		}
		ms, imps = append(ms, m), append(imps, imp)
	}
	return ms, imps, nil
}

// Persistent flags of the root command, read by the resolve functions below.
const (
	PrecisionFlag    = "precision"
	HardwareFileFlag = "hardware-file"
)

// AddGlobalFlags adds --precision, --hardware-file and --wide to the root command; every
// command inherits them.
func AddGlobalFlags(root *cobra.Command) {
	root.PersistentFlags().String(PrecisionFlag, "",
		"precision profile: fp8 (the report's full FP8), bf16, or a YAML file of weights/cache/state/compute formats; "+
			"imported config.json models default to fp8, built-in models to the report's profile")
	root.PersistentFlags().StringArray(HardwareFileFlag, nil,
		"YAML file of accelerators that add to or override the built-in catalogue, with optional calibration profiles (repeatable)")
	root.PersistentFlags().Bool(WideFlag, false,
		fmt.Sprintf("tables: every column (by default a terminal table fits %d columns and says which columns it leaves out)", render.MaxWidth))
}

// WideFlag is the global --wide.
const WideFlag = "wide"

// flagString returns a flag of cmd or of its parents, "" when no such flag exists.
func flagString(cmd *cobra.Command, name string) string {
	if f := cmd.Flag(name); f != nil {
		return f.Value.String()
	}
	return ""
}

// flagStrings returns a repeatable flag of cmd or of its parents.
func flagStrings(cmd *cobra.Command, name string) []string {
	if f := cmd.Flag(name); f != nil {
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			return sv.GetSlice()
		}
	}
	return nil
}

// ParsePrecision reads a --precision value: fp8, bf16 or a YAML profile file.
func ParsePrecision(s string) (model.PrecisionOverride, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "fp8":
		return model.FP8Profile(), nil
	case "bf16":
		return model.BF16Profile(), nil
	}
	o, err := model.ReadPrecisionProfile(s)
	if err != nil {
		return o, fmt.Errorf("--precision: %w", err)
	}
	return o, nil
}

// ResolveModels resolves a --model list (built-in ids, config.json paths, or all) and applies
// --precision: when the flag is given, its formats replace every model's; without it,
// built-in models keep the report's profile and imported ones are full FP8.
func ResolveModels(cmd *cobra.Command, list string) ([]*model.Model, error) {
	return ResolveModelsAt(cmd, list, nil)
}

// ResolveModelsAt is ResolveModels for commands that take contexts: it also warns on stderr
// when a context is beyond an imported model's max_position_embeddings (the counts are still
// made; docs/design.md §quality says warn).
func ResolveModelsAt(cmd *cobra.Command, list string, contexts []int) ([]*model.Model, error) {
	ms, _, err := LoadModels(list)
	if err != nil {
		return nil, err
	}
	if err := ApplyPrecisionFlag(cmd, ms); err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.MaxContext == 0 {
			continue
		}
		for _, c := range contexts {
			if c > m.MaxContext {
				fmt.Fprintf(cmd.ErrOrStderr(), "decost: warning: context %d is beyond %s's max_position_embeddings %d; counting it anyway\n",
					c, m.ID, m.MaxContext)
				break
			}
		}
	}
	return ms, nil
}

// readHardwareFiles applies every --hardware-file (in order; a card in two files is refused)
// to the built-in catalogue and returns it with the calibration profiles the files give, by
// card id.
func readHardwareFiles(cmd *cobra.Command) (*hardware.Catalogue, map[string]hardware.Profile, error) {
	cat := hardware.Builtin()
	profiles, err := hardware.ReadCatalogueFiles(flagStrings(cmd, HardwareFileFlag), cat)
	if err != nil {
		return nil, nil, fmt.Errorf("--hardware-file: %w", err)
	}
	return cat, profiles, nil
}

// ApplyPrecisionFlag replaces every model of ms by its --precision variant, when the flag
// is given.
func ApplyPrecisionFlag(cmd *cobra.Command, ms []*model.Model) error {
	p := flagString(cmd, PrecisionFlag)
	if p == "" {
		return nil
	}
	o, err := ParsePrecision(p)
	if err != nil {
		return err
	}
	for i, m := range ms {
		ms[i] = m.WithPrecision(o)
	}
	return nil
}

// ResolveCatalogue returns the built-in catalogue with every --hardware-file applied (in
// order), then the --price overrides.
func ResolveCatalogue(cmd *cobra.Command, prices []string) (*hardware.Catalogue, error) {
	cat, _, err := readHardwareFiles(cmd)
	if err != nil {
		return nil, err
	}
	return cat, applyPrices(cat, prices)
}

// ResolveProfile returns the calibration profile for card id: the one a --hardware-file
// gives for it, else the built-in default (docs/design.md §calibration: the H200 fit
// applies to other cards unless the user supplies a profile). fromFile says which.
func ResolveProfile(cmd *cobra.Command, id string) (p hardware.Profile, fromFile bool, err error) {
	_, profiles, err := readHardwareFiles(cmd)
	if err != nil {
		return hardware.DefaultProfile(), false, err
	}
	if p, ok := profiles[id]; ok {
		return p, true, nil
	}
	return hardware.DefaultProfile(), false, nil
}

// applyPrices applies --price ID=USD overrides to cat.
func applyPrices(cat *hardware.Catalogue, prices []string) error {
	seen := map[string]string{}
	for _, p := range prices {
		id, usd, ok := strings.Cut(p, "=")
		if !ok {
			return fmt.Errorf("--price %q: want ID=USD_PER_HOUR, e.g. h200=3.1", p)
		}
		id = strings.TrimSpace(id)
		if first, ok := seen[id]; ok {
			return fmt.Errorf("--price %s given twice (%s, then %s); give it once", id, first, p)
		}
		seen[id] = p
		v, err := strconv.ParseFloat(strings.TrimSpace(usd), 64)
		if err != nil {
			return fmt.Errorf("--price %q: %q is not a number of USD per hour", p, usd)
		}
		if err := cat.SetPrice(strings.TrimSpace(id), v); err != nil {
			return fmt.Errorf("--price %q: %w", p, err)
		}
	}
	return nil
}

// ParseHardware resolves a --hardware list against cat; "all" means every card with a price
// when priced is set, every card otherwise.
func ParseHardware(cat *hardware.Catalogue, s string, priced bool) ([]hardware.Accelerator, error) {
	ids, err := SplitList("hardware", s)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("--hardware: no card given")
	}
	all := len(ids) == 1 && ids[0] == "all"
	if all {
		ids = cat.IDs()
	}
	var cards []hardware.Accelerator
	for _, id := range ids {
		a, err := cat.Get(id)
		if err != nil {
			return nil, fmt.Errorf("--hardware: %w", err)
		}
		if priced && !a.HasPrice() {
			if all {
				continue
			}
			return nil, fmt.Errorf("--hardware: %s has no price; give one with --price %s=USD_PER_HOUR", id, id)
		}
		cards = append(cards, a)
	}
	return cards, nil
}

// ParseContext reads one context length in tokens, in the notation of scenario files
// (scenarios.ParseCount): 8192, 8k = 8192, 1m = 1048576; positive and at most 2^30.
func ParseContext(s string) (int, error) {
	n, err := scenarios.ParseCount(s)
	if err != nil {
		return 0, fmt.Errorf("--context %q: not a number of tokens (e.g. 8192 or 8k)", s)
	}
	if n <= 0 {
		return 0, fmt.Errorf("--context %q: must be a positive number of tokens", s)
	}
	if n > 1<<30 {
		return 0, fmt.Errorf("--context %q: more than 2^30 tokens", s)
	}
	return n, nil
}

// ParseContexts reads a comma list of context lengths.
func ParseContexts(s string) ([]int, error) {
	parts, err := SplitList("context", s)
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("--context: no context given")
	}
	var cs []int
	for i, p := range parts {
		c, err := ParseContext(p)
		if err != nil {
			return nil, err
		}
		if j := slices.Index(cs, c); j >= 0 {
			return nil, fmt.Errorf("--context %q: %s and %s are both %d tokens", s, parts[j], parts[i], c)
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// FormatFlag adds --format to cmd and returns a function that parses it.
func FormatFlag(cmd *cobra.Command) func() (render.Format, error) {
	s := cmd.Flags().String("format", "table", "output format: "+render.Formats+" (csv and json carry unrounded numbers)")
	return func() (render.Format, error) {
		f, err := render.ParseFormat(*s)
		if err != nil {
			return "", fmt.Errorf("--format: %w", err)
		}
		if wide, _ := cmd.Flags().GetBool(WideFlag); wide {
			f = f.Wide()
		}
		return f, nil
	}
}

// PriceFlag adds the repeatable --price ID=USD_PER_HOUR to cmd; ResolveCatalogue applies
// the values it returns.
func PriceFlag(cmd *cobra.Command) *[]string {
	return cmd.Flags().StringArray("price", nil, "override a card's price, ID=USD per GPU-hour (repeatable)")
}

// CountOptionFlags adds --router and --lm-head to cmd.
func CountOptionFlags(cmd *cobra.Command) *model.CountOptions {
	var o model.CountOptions
	cmd.Flags().BoolVar(&o.Router, "router", false, "count the MoE router (2·H·experts FLOPs per MoE layer) in the FFN; the report leaves it out")
	cmd.Flags().BoolVar(&o.LMHead, "lm-head", false, "count the LM head (2·H·vocab FLOPs per token) in the FFN; the report leaves it out")
	return &o
}

// OneModel resolves a --model flag that names exactly one model (a built-in id or a
// config.json path, with --precision applied; a context beyond an imported model's limit
// warns).
func OneModel(cmd *cobra.Command, s string, contexts ...int) (*model.Model, error) {
	ms, err := ResolveModelsAt(cmd, s, contexts)
	if err != nil {
		return nil, err
	}
	if len(ms) != 1 {
		return nil, fmt.Errorf("--model %q: give one model", s)
	}
	return ms[0], nil
}

// OneModelAt parses a --context flag and resolves the one model a --model flag names at that
// context (warning when it is beyond the model's limit).
func OneModelAt(cmd *cobra.Command, modelFlag, contextFlag string) (*model.Model, int, error) {
	c, err := ParseContext(contextFlag)
	if err != nil {
		return nil, 0, err
	}
	m, err := OneModel(cmd, modelFlag, c)
	return m, c, err
}

// WarnCompute says on stderr when hw computes in another format than flag asks for.
func WarnCompute(cmd *cobra.Command, flag string, f precision.Format, hw hardware.Accelerator) {
	if w := ComputeFallback(flag, f, hw); w != "" {
		fmt.Fprintln(cmd.ErrOrStderr(), "decost: warning:", w)
	}
}

// OneCard resolves a --hardware flag that names exactly one card of the catalogue (built-in
// cards and any --hardware-file).
func OneCard(cmd *cobra.Command, s string) (hardware.Accelerator, error) {
	cat, err := ResolveCatalogue(cmd, nil)
	if err != nil {
		return hardware.Accelerator{}, err
	}
	cards, err := ParseHardware(cat, s, false)
	if err != nil {
		return hardware.Accelerator{}, err
	}
	if len(cards) != 1 {
		return hardware.Accelerator{}, fmt.Errorf("--hardware %q: give one card", s)
	}
	return cards[0], nil
}

// ParseProfile reads --profile for card hwID: "calibrated" (the profile a --hardware-file
// gives the card, else the built-in one fitted to H200 measurements), "ideal" (no losses) or
// the path of a YAML profile. A profile file for a card a --hardware-file gives a profile of
// its own is refused: two calibrations of one card conflict, and the caption would name only
// the one used.
func ParseProfile(cmd *cobra.Command, s, hwID string) (hardware.Profile, error) {
	p, fromFile, err := ResolveProfile(cmd, hwID)
	switch {
	case err != nil || s == "calibrated" || s == "":
		return p, err
	case s == "ideal":
		return hardware.Ideal(), nil
	case fromFile:
		return p, fmt.Errorf("--profile %s: --hardware-file gives %s a profile of its own; give one of the two", s, hwID)
	}
	f, err := os.Open(s)
	if err != nil {
		return hardware.Profile{}, fmt.Errorf("--profile: %w", err)
	}
	defer f.Close()
	p, err = hardware.ReadProfile(f)
	if err != nil {
		return hardware.Profile{}, fmt.Errorf("--profile %s: %w", s, err)
	}
	return p, nil
}
