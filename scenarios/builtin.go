package scenarios

import (
	"embed"
	"fmt"
	pathpkg "path"
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
