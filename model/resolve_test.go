package model

import (
	"strings"
	"testing"
)

// TestResolve checks the three ways an entry resolves: a built-in id, a config.json path (or
// its directory), and an unknown id that is no path.
func TestResolve(t *testing.T) {
	m, imp, err := Resolve("step3")
	if err != nil || imp != nil || m.ID != "step3" {
		t.Fatalf("Resolve(step3) = %v, %v, %v; want the built-in model and no import", m, imp, err)
	}
	for _, p := range []string{configDir + "/step3", configDir + "/step3/config.json", configDir + "//step3/"} {
		m, imp, err := Resolve(p)
		if err != nil {
			t.Fatalf("Resolve(%s): %v", p, err)
		}
		if imp == nil || m.ID != "../testdata/configs/step3" {
			t.Errorf("Resolve(%s): ID %q, import %v; want ../testdata/configs/step3 and an import", p, m.ID, imp != nil)
		}
	}
	if _, _, err := Resolve("no-such-model"); err == nil || !strings.Contains(err.Error(), `unknown model "no-such-model"`) ||
		!strings.Contains(err.Error(), "config.json") {
		t.Errorf("Resolve(no-such-model) error = %v; want the unknown id and a hint at config.json paths", err)
	}
	for s, want := range map[string]bool{"step3": false, "a/b": true, `a\b`: true, "x.json": true, "X.JSON": true, "deepseek-v3": false} {
		if LooksLikePath(s) != want {
			t.Errorf("LooksLikePath(%q) = %v, want %v", s, !want, want)
		}
	}
}

// TestIDOfPath: an imported model is named by the path as given, cleaned, without
// a trailing config.json.
func TestIDOfPath(t *testing.T) {
	for in, want := range map[string]string{
		"testdata/configs/step3":              "testdata/configs/step3",
		"testdata/configs/step3/":             "testdata/configs/step3",
		"testdata/configs/step3/config.json":  "testdata/configs/step3",
		"./my.json":                           "my.json",
		"config.json":                         "config.json",
		"../../testdata/configs/qwen3-32b/./": "../../testdata/configs/qwen3-32b",
	} {
		if got := idOfPath(in); got != want {
			t.Errorf("idOfPath(%q) = %q, want %q", in, got, want)
		}
	}
}
