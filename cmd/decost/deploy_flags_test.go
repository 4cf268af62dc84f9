package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/decost/decost/cost"
)

// TestDeployAssumptionErrors: an unusable assumption is named by its own flag, not by the
// list of every assumption flag.
func TestDeployAssumptionErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"deploy", "--nic", "1e30"}, "decost: --nic: network: nic bandwidth must be 0 (the card's) or positive up to 1e+06 Gbit/s, got 1e+30 Gbit/s\n"},
		{[]string{"deploy", "--nic-efficiency", "1.5"}, "decost: --nic-efficiency: network: nic efficiency must be in (0, 1], got 1.5\n"},
		{[]string{"deploy", "--scale-group", "-1"}, "decost: --scale-group: network: scale group must be 0 (no scales) or positive, got -1\n"},
		{[]string{"deploy", "--memory-usable", "0"}, "decost: --memory-usable: usable memory fraction must be in (0, 1], got 0\n"},
		{[]string{"deploy", "--scale-up-efficiency", "2"}, "decost: --scale-up-efficiency: scale-up efficiency must be in (0, 1] (0: 1), got 2\n"},
		{[]string{"deploy", "--min-kernel-time", "2ms"}, `decost: --min-kernel-time: 2ms is outside 0s…1ms` + "\n"},
	} {
		out, errs, code := run(t, tc.args...)
		if code != 1 || out != "" || errs != tc.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 1 and %q", tc.args, code, out, errs, tc.want)
		}
	}
}

// TestDeployScaleUpAndMinKernelFlags: the NVLink efficiency and the least small-kernel time
// are flags (they were constants the help and caption quoted), and the caption prints the
// values used.
func TestDeployScaleUpAndMinKernelFlags(t *testing.T) {
	args := []string{"deploy", "--mode", "ep", "--model", "deepseek-v3", "--hardware", "h800", "--gpus", "128", "--batch", "64"}
	def, _, code := run(t, args...)
	if code != 0 || !strings.Contains(def, "small ops at least 3.7 µs") || !strings.Contains(def, "NVLink at 0.77;") {
		t.Fatalf("exit %d; want the defaults 3.7 µs and 0.77 in the caption:\n%s", code, def)
	}
	got, errs, code := run(t, append(args, "--scale-up-efficiency", "0.5", "--min-kernel-time", "5us")...)
	if code != 0 || !strings.Contains(got, "small ops at least 5 µs") || !strings.Contains(got, "NVLink at 0.5;") {
		t.Errorf("exit %d, stderr %q; want 5 µs and 0.5 in the caption:\n%s", code, errs, got)
	}
	if got == def {
		t.Error("the calibrated times did not change with a slower NVLink and longer small kernels")
	}
	// The help formats defaults from cost's constants, not copies of them.
	for _, copied := range []string{"3.7 µs", fmt.Sprint(cost.DefaultScaleUpEfficiency)} {
		if strings.Contains(deployLong, copied) {
			t.Errorf("deploy's help copies the default %s", copied)
		}
	}
}

// TestRooflineHelpSaysBasis: roofline's help says what a calibrated time is made from — the
// kernel table where one covers the op, else the profile — as its basis column does (it said
// the profile only).
func TestRooflineHelpSaysBasis(t *testing.T) {
	out, _, code := run(t, "roofline", "--help")
	flat := strings.Join(strings.Fields(out), " ")
	if code != 0 || !strings.Contains(flat, "calibrated = the card's measured kernel table where one covers the op") ||
		!strings.Contains(flat, "else the profile's fractions") || !strings.Contains(flat, "basis column") {
		t.Errorf("exit %d; roofline --help does not say calibrated is the kernel table, else the profile:\n%s", code, out)
	}
}
