package model

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Resolve returns the model an entry names: a built-in id (see BuiltinIDs), else a path to a
// Hugging Face config.json or the directory holding one. For an imported model it also
// returns what the import read (nil for a built-in one), and the model's ID is the path as
// given, with forward slashes and without a trailing "/config.json". The CLI's --model and a
// scenario's models entries both resolve through it.
func Resolve(idOrConfigPath string) (*Model, *HFImport, error) {
	m, err := Builtin(idOrConfigPath)
	if err == nil {
		return m, nil, nil
	}
	if !LooksLikePath(idOrConfigPath) && !exists(idOrConfigPath) {
		return nil, nil, fmt.Errorf("%w; or give a path to a Hugging Face config.json or its directory", err)
	}
	imp, err := ReadHFConfig(idOrConfigPath)
	if err != nil {
		return nil, nil, err
	}
	imp.Model.ID = idOfPath(idOrConfigPath)
	return imp.Model, imp, nil
}

// LooksLikePath says whether a model entry is written as a file path rather than an id: it
// contains a slash or a backslash, or ends in ".json" (in any case). Built-in ids never do.
func LooksLikePath(s string) bool {
	return strings.ContainsAny(s, `/\`) || strings.HasSuffix(strings.ToLower(s), ".json")
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// idOfPath names an imported model by the path the user gave.
func idOfPath(p string) string {
	id := filepath.ToSlash(filepath.Clean(p))
	if d, f := path.Split(id); f == "config.json" && d != "" {
		id = strings.TrimSuffix(d, "/")
	}
	return id
}
