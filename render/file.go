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
func WriteFile(path string, write func(w io.Writer) error) (err error) {
	tmp, release, err := stage.CreateTemp(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer release()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = stage.Place(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
