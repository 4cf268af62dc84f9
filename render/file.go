package render

import (
	"fmt"
	"io"
	"os"

	"github.com/decost/decost/internal/stage"
)

// WriteFile writes a file atomically: write fills a temporary file in the same directory,
// which replaces path only when write and the close succeed. On failure nothing is left
// behind and path is unchanged. The temporary file is tracked by package stage, so that an
// interrupt (SIGINT, SIGTERM) removes it too. For several files written all or none, see
// stage.Set.
func WriteFile(path string, write func(w io.Writer) error) error {
	tmp, release, err := stage.WriteTemp(path, write)
	if err != nil {
		return err
	}
	defer release()
	if err := stage.Place(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
