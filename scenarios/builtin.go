package scenarios

import (
	"embed"
	"fmt"
	"os"
	pathpkg "path"
	"path/filepath"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinNames lists the built-in scenarios' names, alphabetically.
func BuiltinNames() []string {
	entries, _ := builtinFS.ReadDir("builtin")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// Builtin returns the built-in scenario of the given name.
func Builtin(name string) (*Scenario, error) {
	file := pathpkg.Join("builtin", name+".yaml")
	data, err := builtinFS.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("unknown scenario %q (built-in: %s; or give a .yaml file)", name, strings.Join(BuiltinNames(), ", "))
	}
	return Parse(file, data)
}

// BuiltinYAML returns the YAML source of the built-in scenario of the given name.
func BuiltinYAML(name string) ([]byte, error) {
	data, err := builtinFS.ReadFile(pathpkg.Join("builtin", name+".yaml"))
	if err != nil {
		return nil, fmt.Errorf("unknown scenario %q (built-in: %s)", name, strings.Join(BuiltinNames(), ", "))
	}
	return data, nil
}

// Open returns the scenario arg names and its YAML: a file when arg is one (or ends in .yaml
// or .yml, so that a missing file is said as such), else the built-in of that name.
func Open(arg string) (*Scenario, []byte, error) {
	ext := strings.ToLower(filepath.Ext(arg))
	if st, err := os.Stat(arg); (err == nil && st.Mode().IsRegular()) || ext == ".yaml" || ext == ".yml" {
		return LoadSource(arg)
	}
	s, err := Builtin(arg)
	if err != nil {
		return nil, nil, err
	}
	data, err := BuiltinYAML(arg)
	return s, data, err
}
