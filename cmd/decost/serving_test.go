package main

import (
	"strings"
	"testing"
)

// TestMTPGolden: decost cost with multi-token prediction, through the real CLI.
func TestMTPGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"cost_mtp.txt", []string{"cost", "--model", "deepseek-v3", "--hardware", "h800,h20", "--context", "8k", "--mtp", "1", "--mtp-accept", "0.85"}},
		{"cost_mtp.csv", []string{"cost", "--model", "deepseek-v3", "--hardware", "h800", "--context", "8k", "--mtp", "2", "--mtp-accept", "0.5", "--format", "csv"}},
	})
}

// TestServingBadInput: each bad serving flag is one line naming it, with no output.
func TestServingBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"cost", "--mtp", "1"}, "--mtp 1 needs --mtp-accept"},
		{[]string{"cost", "--mtp-accept", "0.5"}, "--mtp-accept needs --mtp"},
		{[]string{"cost", "--mtp", "1", "--mtp-accept", "1.5"}, "accept rate must be in [0, 1]"},
		{[]string{"cost", "--mtp", "-1", "--mtp-accept", "0.5"}, "draft tokens must be between 0"},
	} {
		out, errs, code := run(t, tc.args...)
		if code == 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want non-zero exit and no stdout", tc.args, code, out)
		}
		if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.says) || !strings.HasPrefix(errs, "decost: ") {
			t.Errorf("%v: stderr %q; want one line naming %s", tc.args, errs, tc.says)
		}
	}
}
