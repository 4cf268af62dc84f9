package main

import (
	"strings"
	"testing"
)

// TestVersion: --version prints one line, "decost version " and the version, and exits 0;
// a version set with -ldflags -X main.version wins over the build info.
func TestVersion(t *testing.T) {
	out, errs, code := run(t, "--version")
	if code != 0 || errs != "" || !strings.HasPrefix(out, "decost version ") || strings.Count(out, "\n") != 1 {
		t.Errorf("exit %d, stderr %q, stdout %q; want one line \"decost version …\"", code, errs, out)
	}
	defer func(v string) { version = v }(version)
	version = "v1.2.3"
	if got := versionString(); got != "v1.2.3" {
		t.Errorf("versionString() = %q with version set to v1.2.3", got)
	}
}
