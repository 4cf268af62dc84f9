package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmeExample is a fenced block of README.md that starts with "$ decost ARGS": the
// command and the output the README shows for it (empty when it shows none).
type readmeExample struct {
	line int // of the "$ decost" line
	args []string
	want []string
}

// readmeExamples reads README.md's "$ decost" blocks.
func readmeExamples(t *testing.T) []readmeExample {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var out []readmeExample
	for i := 0; i+1 < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```") {
			continue
		}
		cmd, ok := strings.CutPrefix(lines[i+1], "$ decost ")
		if !ok {
			continue
		}
		ex := readmeExample{line: i + 2, args: strings.Fields(cmd)}
		j := i + 2
		for ; j < len(lines) && !strings.HasPrefix(lines[j], "```"); j++ {
			ex.want = append(ex.want, lines[j])
		}
		out = append(out, ex)
		i = j
	}
	return out
}

// TestREADMEExamples: every "$ decost …" block of README.md runs (exit 0, nothing on
// stderr) and prints exactly what the README shows under it, so that no excerpt goes stale
// when the numbers move; a block that shows only the command must still run. Update the
// README by pasting the command's output.
func TestREADMEExamples(t *testing.T) {
	examples := readmeExamples(t)
	if len(examples) < 3 {
		t.Fatalf("README.md has %d '$ decost' blocks; the deployment section shows three", len(examples))
	}
	for _, ex := range examples {
		t.Run(strings.Join(ex.args, " "), func(t *testing.T) {
			out, errs, code := run(t, ex.args...)
			if code != 0 || errs != "" {
				t.Fatalf("README.md:%d: exit %d, stderr %q", ex.line, code, errs)
			}
			if len(ex.want) == 0 {
				return
			}
			if want := strings.Join(ex.want, "\n") + "\n"; out != want {
				t.Errorf("README.md:%d shows another output than 'decost %s' prints; paste this:\n%s", ex.line, strings.Join(ex.args, " "), out)
			}
		})
	}
}

// TestREADMEFirstTable: the table at the top of README.md ("What the main command prints")
// is 'decost cost' with rows left out where it shows "| ...": every other line is the
// command's, in its order.
func TestREADMEFirstTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(data), "## What the main command prints\n")
	if !ok {
		t.Fatal(`README.md has no "## What the main command prints" section`)
	}
	_, block, ok := strings.Cut(after, "```\n")
	if !ok {
		t.Fatal("no fenced block in README.md's first section")
	}
	block, _, _ = strings.Cut(block, "```")
	out, errs, code := run(t, "cost")
	if code != 0 || errs != "" {
		t.Fatalf("decost cost: exit %d, stderr %q", code, errs)
	}
	got := strings.Split(out, "\n")
	i := 0
	for _, line := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
		if strings.HasPrefix(line, "| ...") {
			continue
		}
		for i < len(got) && got[i] != line {
			i++
		}
		if i == len(got) {
			t.Fatalf("README.md's first table has a line 'decost cost' does not print (in that order):\n%s\n\ndecost cost prints:\n%s", line, out)
		}
		i++
	}
}

// markdownRows reads the first Markdown table in text: its header and rows, cells trimmed.
func markdownRows(text string) (header []string, rows [][]string) {
	cells := func(line string) []string {
		var out []string
		for _, c := range strings.Split(strings.Trim(strings.TrimSpace(line), "|"), "|") {
			out = append(out, strings.TrimSpace(c))
		}
		return out
	}
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "|") {
			if header != nil {
				break
			}
			continue
		}
		switch {
		case header == nil:
			header = cells(line)
		case strings.HasPrefix(line, "| ---"):
		default:
			rows = append(rows, cells(line))
		}
	}
	return header, rows
}

// TestREADMEAnchors: the anchors table of README.md's "How close to reality" shows, row by
// row, the batch, context, measured, ideal and calibrated TGS, error and band that
// 'decost anchors' prints (its own anchor and deployment wording aside).
func TestREADMEAnchors(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(data), "## How close to reality\n")
	if !ok {
		t.Fatal(`README.md has no "## How close to reality" section`)
	}
	readmeHeader, readmeRows := markdownRows(section)
	out, errs, code := run(t, "anchors", "--format", "markdown")
	if code != 0 || errs != "" {
		t.Fatalf("decost anchors: exit %d, stderr %q", code, errs)
	}
	header, rows := markdownRows(out)
	if len(readmeRows) != len(rows) {
		t.Fatalf("README.md shows %d anchors, 'decost anchors' runs %d", len(readmeRows), len(rows))
	}
	col := func(h []string, name string) int {
		for i, c := range h {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %q in %v", name, h)
		return -1
	}
	for _, name := range []string{"batch/GPU", "context", "measured TGS", "ideal TGS", "calibrated TGS", "error", "band"} {
		ri, oi := col(readmeHeader, name), col(header, name)
		for r := range rows {
			if readmeRows[r][ri] != rows[r][oi] {
				t.Errorf("README.md anchors row %d (%s), %s: %q; 'decost anchors' prints %q", r+1, readmeRows[r][0], name, readmeRows[r][ri], rows[r][oi])
			}
		}
	}
}
