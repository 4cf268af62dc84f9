package flagrule

import (
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
	"github.com/spf13/cobra"
)

func TestSplitList(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"a, b ,c", "a|b|c", ""},
		{"", "", ""},
		{"a,", "", `--model "a,": an empty entry (a trailing or doubled comma)`},
		{"a,,b", "", `--model "a,,b": an empty entry (a trailing or doubled comma)`},
		{"a,b,a", "", `--model "a,b,a": a is listed twice`},
	} {
		got, err := SplitList("model", tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: %v, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		joined := ""
		for i, g := range got {
			if i > 0 {
				joined += "|"
			}
			joined += g
		}
		if err != nil || joined != tc.want {
			t.Errorf("%q: %q, %v; want %q", tc.in, joined, err, tc.want)
		}
	}
}

// TestRefuseRepeats: a one-value flag refuses a second value; a list flag does not; both
// keep working with one value, bool flags without one.
func TestRefuseRepeats(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"sub", "--model", "a", "--price", "a=1", "--price", "b=2", "--quiet", "--precision", "fp8"}, true},
		{[]string{"sub", "--model", "a", "--model", "b"}, false},
		{[]string{"sub", "--precision", "fp8", "--precision", "bf16"}, false},
		{[]string{"sub", "--measurements", "a.csv,b.csv", "--measurements", "c.csv"}, true},
		{[]string{"sub", "--measurements", "a.csv,a.csv"}, false},
		{[]string{"sub", "--measurements", "a.csv", "--measurements", "a.csv"}, false},
		{[]string{"sub", "--measurements", "a.csv,"}, false},
		{[]string{"sub", "--price", "a=1", "--price", "a=1"}, false},
		{[]string{"sub", "--price", ""}, false},
	} {
		root := &cobra.Command{Use: "x", SilenceErrors: true, SilenceUsage: true}
		sub := &cobra.Command{Use: "sub", RunE: func(*cobra.Command, []string) error { return nil }}
		sub.Flags().String("model", "", "")
		sub.Flags().StringArray("price", nil, "")
		sub.Flags().StringSlice("measurements", nil, "")
		sub.Flags().Bool("quiet", false, "")
		root.PersistentFlags().String("precision", "", "")
		root.AddCommand(sub)
		RefuseRepeats(root)
		root.SetArgs(tc.args)
		if err := root.Execute(); (err == nil) != tc.ok {
			t.Errorf("%v: %v", tc.args, err)
		}
	}
}

func TestOptionalFormat(t *testing.T) {
	if f, err := OptionalFormat("--kv", "FP8", kvFormats...); err != nil || f != precision.FP8 {
		t.Errorf("FP8: %v, %v", f, err)
	}
	if _, err := OptionalFormat("--kv", "fp4", kvFormats...); err == nil || err.Error() != "--kv fp4: want fp8, int8, fp16 or bf16" {
		t.Errorf("fp4: %v", err)
	}
	if f, err := OptionalFormat("--kv", "", kvFormats...); err != nil || f != "" {
		t.Errorf("empty: %v, %v", f, err)
	}
}

func TestComputeFallback(t *testing.T) {
	a800, _ := hardware.Builtin().Get("a800")
	h800, _ := hardware.Builtin().Get("h800")
	if got, want := ComputeFallback("--attention-compute", precision.FP8, a800), "a800 has no FP8 compute; --attention-compute fp8 computes in bf16, at its BF16 peak"; got != want {
		t.Errorf("a800: %q, want %q", got, want)
	}
	if got := ComputeFallback("--attention-compute", precision.FP8, h800); got != "" {
		t.Errorf("h800: %q, want nothing", got)
	}
}

// The format lists are functions returning copies: changing one does not change what the
// flags accept.
func TestFormatListsAreCopies(t *testing.T) {
	for name, tc := range map[string]struct {
		get  func() []precision.Format
		want string
	}{
		"WeightFormats":  {WeightFormats, "fp4, fp8, int8 or bf16"},
		"KVFormats":      {KVFormats, "fp8, int8, fp16 or bf16"},
		"ComputeFormats": {ComputeFormats, "fp8 or bf16"},
	} {
		got := tc.get()
		got[0] = precision.FP32
		if s := FormatList(tc.get()); s != tc.want {
			t.Errorf("%s after changing a copy: %s, want %s", name, s, tc.want)
		}
	}
}
