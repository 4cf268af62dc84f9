// Package flagrule holds the rules every decost flag follows, so that each command applies
// them the same way: conflicting inputs are refused (ConflictRule: a one-value flag given
// twice, an empty or repeated list entry), and precision flags take the formats their help
// lists. Durations have their own package, internal/duration.
//
// shared.go defines the flags several commands share and says what they resolve to:
// --model lists (built-in ids, config.json paths, all; OneModel, OneModelAt), --hardware
// lists and one card (ParseHardware, OneCard), --context (ParseContext, ParseContexts),
// --price, --format, --profile, --router and --lm-head, and the root command's global
// --precision, --hardware-file and --wide (AddGlobalFlags; ResolveCatalogue and
// ResolveProfile read the catalogue and calibration profiles the files give).
package flagrule

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// ConflictRule is decost's rule for inputs that conflict, in words for help texts: it refuses
// them rather than pick one.
const ConflictRule = `conflicting inputs are refused, never resolved silently: a flag that
  takes one value given twice; an empty or repeated list entry (--model a,a; --context 8k,8192;
  --context 8k,); --price twice for one card, or for a card whose price the scenario sweeps;
  --precision for a scenario that sweeps precisions; one card in two --hardware-files; one op
  class twice in --op-precision; --profile FILE for a card a --hardware-file gives a profile`

// SplitList splits flag's comma list; an empty entry (a trailing or doubled comma) and an
// entry given twice are errors (ConflictRule).
func SplitList(flag, s string) ([]string, error) {
	var out []string
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			return nil, fmt.Errorf("--%s %q: an empty entry (a trailing or doubled comma)", flag, s)
		}
		if slices.Contains(out, p) {
			return nil, fmt.Errorf("--%s %q: %s is listed twice", flag, s, p)
		}
		out = append(out, p)
	}
	return out, nil
}

// onceValue is a flag that takes one value: a second value is an error (ConflictRule).
type onceValue struct {
	pflag.Value
	first string
	set   bool
}

func (v *onceValue) Set(s string) error {
	if v.set {
		return fmt.Errorf("given twice (%s, then %s); give it once", v.first, s)
	}
	v.set, v.first = true, s
	return v.Value.Set(s)
}

// listValue is a list flag (StringSlice, StringArray): repeatable, but an empty entry or an
// entry given twice is an error (ConflictRule), as in SplitList.
type listValue struct {
	pflag.Value
	list pflag.SliceValue
}

func (v *listValue) Set(s string) error {
	if err := v.Value.Set(s); err != nil {
		return err
	}
	return checkEntries(v.list.GetSlice())
}

// checkEntries refuses an empty entry and an entry listed twice.
func checkEntries(entries []string) error {
	for i, e := range entries {
		if strings.TrimSpace(e) == "" {
			return fmt.Errorf("an empty entry (a trailing or doubled comma, or \"\")")
		}
		if slices.Contains(entries[:i], e) {
			return fmt.Errorf("%s is listed twice", e)
		}
	}
	return nil
}

// GetSlice, Append and Replace keep the flag a pflag.SliceValue, checked like Set.
func (v *listValue) GetSlice() []string { return v.list.GetSlice() }

// Append adds one entry (see Set).
func (v *listValue) Append(s string) error {
	if err := v.list.Append(s); err != nil {
		return err
	}
	return checkEntries(v.list.GetSlice())
}

// Replace replaces the entries (see Set).
func (v *listValue) Replace(s []string) error {
	if err := checkEntries(s); err != nil {
		return err
	}
	return v.list.Replace(s)
}

// RefuseRepeats makes every flag of cmd and its subcommands that takes one value refuse a
// second one; list flags (StringSlice, StringArray: --measurements, --price) stay
// repeatable, but refuse an empty entry and an entry given twice (--measurements a.csv,a.csv
// would weigh a.csv twice in the fit).
//
// It also makes a bad flag value one plain line, "--model: given twice (a, then b); give it
// once", instead of pflag's `invalid argument "b" for "--model" flag: …`.
func RefuseRepeats(cmd *cobra.Command) {
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		var bad *pflag.InvalidValueError
		if !errors.As(err, &bad) {
			return err
		}
		if num := (*strconv.NumError)(nil); errors.As(err, &num) {
			want := map[string]string{"bool": "true or false", "float64": "a number", "int": "a whole number"}[bad.GetFlag().Value.Type()]
			return fmt.Errorf("--%s %s: want %s", bad.GetFlag().Name, bad.GetValue(), cmp.Or(want, "a "+bad.GetFlag().Value.Type()))
		}
		return fmt.Errorf("--%s: %w", bad.GetFlag().Name, bad.Unwrap())
	})
	wrap := func(f *pflag.Flag) {
		switch f.Value.(type) {
		case *onceValue, *listValue:
			return
		}
		if list, ok := f.Value.(pflag.SliceValue); ok {
			f.Value = &listValue{Value: f.Value, list: list}
			return
		}
		if t := f.Value.Type(); !strings.HasSuffix(t, "Slice") && !strings.HasSuffix(t, "Array") {
			f.Value = &onceValue{Value: f.Value}
		}
	}
	cmd.Flags().VisitAll(wrap)
	cmd.PersistentFlags().VisitAll(wrap)
	for _, c := range cmd.Commands() {
		RefuseRepeats(c)
	}
}

// Inapplicable refuses flags that cmd does not use when they are given: a flag that is
// accepted and ignored is a silent assumption. why says why they do not apply.
func Inapplicable(cmd *cobra.Command, why string, flags ...string) error {
	for _, name := range flags {
		if f := cmd.Flag(name); f != nil && f.Changed {
			return fmt.Errorf("--%s does not apply to %s: %s", name, cmd.Name(), why)
		}
	}
	return nil
}

// The formats each precision flag accepts, as its help lists them: weights in FP4 (MXFP4,
// NVFP4) to BF16; a KV cache in FP8, INT8, FP16 or BF16 (no FP4 cache is modelled); the
// attention block computing in FP8 or BF16.
var (
	// weightFormats are the formats --weights takes.
	weightFormats = []precision.Format{precision.FP4, precision.FP8, precision.INT8, precision.BF16}
	// kvFormats are the formats --kv and --attention-kv take.
	kvFormats = []precision.Format{precision.FP8, precision.INT8, precision.FP16, precision.BF16}
	// computeFormats are the formats --attention-compute takes.
	computeFormats = []precision.Format{precision.FP8, precision.BF16}
)

// FormatList is "fp8, int8 or bf16".
func FormatList(fs []precision.Format) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = string(f)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// OptionalFormat parses a precision flag that takes one of allowed; empty means "keep the
// model's".
func OptionalFormat(flag, s string, allowed ...precision.Format) (precision.Format, error) {
	if s == "" {
		return "", nil
	}
	f, err := precision.Parse(s)
	if err != nil {
		return "", fmt.Errorf("%s: %w", flag, err)
	}
	if !slices.Contains(allowed, f) {
		return "", fmt.Errorf("%s %s: want %s", flag, s, FormatList(allowed))
	}
	return f, nil
}

// ComputeFallback says, when hw computes in another format than the flag asks for, what
// it computes in ("a800 has no FP8 compute; --attention-compute fp8 computes in bf16, at its
// BF16 peak"); "" when it computes as asked or nothing was asked.
func ComputeFallback(flag string, f precision.Format, hw hardware.Accelerator) string {
	if f == "" {
		return ""
	}
	got, _ := hw.Compute(f)
	if got == f {
		return ""
	}
	return fmt.Sprintf("%s has no %s compute; %s %s computes in %s, at its %s peak",
		hw.ID, strings.ToUpper(string(f)), flag, f, got, strings.ToUpper(string(got)))
}

// WeightFormats returns the formats --weights takes: a copy, which the caller may change.
func WeightFormats() []precision.Format { return slices.Clone(weightFormats) }

// KVFormats returns the formats --kv and --attention-kv take: a copy, which the caller may
// change.
func KVFormats() []precision.Format { return slices.Clone(kvFormats) }

// ComputeFormats returns the formats --attention-compute takes: a copy, which the caller
// may change.
func ComputeFormats() []precision.Format { return slices.Clone(computeFormats) }
