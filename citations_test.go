package decost

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Citations of the design document: "docs/design.md §counting", "docs/design.md §hardware,
// §calibration" (a comment may wrap between the file and the section), and Markdown links
// "docs/design.md#counting".
var (
	citation     = regexp.MustCompile(`docs/design\.md[\s/]*(§[a-z][a-z-]*(?:,\s*§[a-z][a-z-]*)*)`)
	citationLink = regexp.MustCompile(`docs/design\.md#([a-z][a-z-]*)`)
	section      = regexp.MustCompile(`§([a-z][a-z-]*)`)
	anchor       = regexp.MustCompile(`<a id="([a-z][a-z-]*)"></a>`)
	oldCitation  = regexp.MustCompile("DESIGN" + ` §\d`) // the old out-of-tree spec, by number
	// A section by number is someone else's document (the Step-3 report's §6); the words
	// just before it must say whose, or it is the old spec's number left without its name.
	numbered = regexp.MustCompile(`(\S+\s+)?(\S+\s+)§\d`)
	whose    = regexp.MustCompile(`(?i)report|paper|arxiv`)
)

// TestDesignCitations holds every citation of docs/design.md in the repository — code
// comments, help, captions, goldens, READMEs — to a section anchor the document has, and
// allows no citation by number of the old spec outside the repository.
func TestDesignCitations(t *testing.T) {
	doc, err := os.ReadFile("docs/design.md")
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, m := range anchor.FindAllStringSubmatch(string(doc), -1) {
		anchors[m[1]] = true
	}
	if len(anchors) < 10 {
		t.Fatalf("docs/design.md has %d section anchors", len(anchors))
	}
	cited := 0
	check := func(file, name string) {
		cited++
		if !anchors[name] {
			t.Errorf("%s cites docs/design.md §%s, which has no anchor", file, name)
		}
	}
	err = filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); p != "." && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(p) {
		case ".go", ".md", ".txt", ".yaml", ".csv", ".json":
		default:
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := string(b)
		if p == "citations_test.go" {
			return nil
		}
		if oldCitation.MatchString(s) {
			t.Errorf("%s cites the old out-of-tree spec by number; cite docs/design.md §<anchor>", p)
		}
		for _, m := range numbered.FindAllString(s, -1) {
			if !whose.MatchString(m) {
				t.Errorf("%s: %q cites a section by number without saying whose; cite docs/design.md §<anchor>, or name the document (\"the Step-3 report §6\")", p, m)
			}
		}
		for _, m := range citation.FindAllStringSubmatch(s, -1) {
			for _, sm := range section.FindAllStringSubmatch(m[1], -1) {
				check(p, sm[1])
			}
		}
		for _, m := range citationLink.FindAllStringSubmatch(s, -1) {
			check(p, m[1])
		}
		if p == filepath.Join("docs", "design.md") {
			// Inside the document, a bare §name is a cross-reference.
			for _, m := range section.FindAllStringSubmatch(s, -1) {
				check(p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if cited < 50 {
		t.Errorf("only %d citations of docs/design.md found; the scan is broken", cited)
	}
}
