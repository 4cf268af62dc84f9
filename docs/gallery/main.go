// Command gallery regenerates the figures in docs/gallery through the real CLI: it builds
// cmd/decost, draws the roofline and deploy figures and runs every built-in scenario that has
// plots, copies the PNGs here and writes README.md, which shows each with the command that
// made it. Run it from the repository root:
//
//	go run ./docs/gallery
package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// figure is one gallery entry: the decost arguments that draw it and the files it gives.
type figure struct {
	args  []string
	files []string // PNGs, relative to the command's output folder
}

func main() {
	if err := run("docs/gallery"); err != nil {
		fmt.Fprintln(os.Stderr, "gallery:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	tmp, err := os.MkdirTemp("", "decost-gallery")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "decost")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/decost").CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/decost: %v\n%s", err, out)
	}
	decost := func(args ...string) ([]byte, error) {
		cmd := exec.Command(bin, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("decost %s: %v: %s", strings.Join(args, " "), err, stderr.String())
		}
		return out, nil
	}
	figs, err := figures(decost)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var index bytes.Buffer
	index.WriteString("# Gallery\n\nEvery figure decost draws, regenerated from the repository root by\n`go run ./docs/gallery` (it builds `cmd/decost` and runs the commands below; a sweep's\nfigures are the PNG plots of that built-in scenario, `decost sweep NAME --print` shows them).\n")
	var seen []string
	for i, f := range figs {
		out := filepath.Join(tmp, fmt.Sprint(i))
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		cmd := exec.Command(bin, f.args...)
		cmd.Dir = out
		if msg, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("decost %s: %v: %s", strings.Join(f.args, " "), err, msg)
		}
		shown := slices.Clone(f.args)
		if shown[0] == "sweep" {
			shown = shown[:2]
		}
		fmt.Fprintf(&index, "\n## `decost %s`\n", strings.Join(shown, " "))
		for _, name := range f.files {
			if slices.Contains(seen, name) {
				return fmt.Errorf("two figures named %s", name)
			}
			seen = append(seen, name)
			data, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				return err
			}
			fmt.Fprintf(&index, "\n![%s](%s)\n", name, name)
			fmt.Println("wrote", filepath.Join(dir, name))
		}
	}
	return os.WriteFile(filepath.Join(dir, "README.md"), index.Bytes(), 0o644)
}

// figures are the gallery's entries: the roofline, the AFD and EP deploy frontiers, then
// each built-in scenario with PNG plots (as 'decost scenarios' lists them), its files read
// from its source.
func figures(decost func(args ...string) ([]byte, error)) ([]figure, error) {
	figs := []figure{
		{args: []string{"roofline", "--model", "step3", "--hardware", "h800", "--context", "8k", "--batch", "64", "--plot", "roofline-step3-h800.png"}, files: []string{"roofline-step3-h800.png"}},
		{args: []string{"deploy", "--mode", "afd", "--model", "step3", "--attention-hardware", "h800", "--ffn-hardware", "h800", "--context", "4096", "--frontier", "--plot", "deploy-afd-step3-h800.png"}, files: []string{"deploy-afd-step3-h800.png"}},
		{args: []string{"deploy", "--mode", "ep", "--model", "deepseek-v3", "--hardware", "h800", "--context", "4096", "--frontier", "--plot", "deploy-ep-deepseek-v3-h800.png"}, files: []string{"deploy-ep-deepseek-v3-h800.png"}},
	}
	list, err := decost("scenarios", "--format", "csv")
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(list)).ReadAll()
	if err != nil {
		return nil, err
	}
	for _, r := range rows[1:] {
		src, err := decost("sweep", r[0], "--print")
		if err != nil {
			return nil, err
		}
		var files []string
		for _, line := range strings.Split(string(src), "\n") {
			if f, ok := strings.CutPrefix(strings.TrimSpace(line), "- file: "); ok && strings.HasSuffix(f, ".png") {
				files = append(files, f)
			}
		}
		if len(files) > 0 {
			figs = append(figs, figure{args: []string{"sweep", r[0], "--out", "."}, files: files})
		}
	}
	return figs, nil
}
