package scenarios

import (
	"fmt"
	"sync/atomic"
	"testing"
)

// TestParallelGroups: every group runs once; the error returned is the lowest group's,
// whatever the scheduling.
func TestParallelGroups(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 64} {
		var seen [1000]atomic.Int32
		if err := parallelGroups(len(seen), workers, func(g int) error { seen[g].Add(1); return nil }); err != nil {
			t.Fatal(err)
		}
		for g := range seen {
			if seen[g].Load() != 1 {
				t.Fatalf("%d workers: group %d ran %d times", workers, g, seen[g].Load())
			}
		}
		for trial := 0; trial < 20; trial++ {
			err := parallelGroups(1000, workers, func(g int) error {
				if g%97 == 41 {
					return fmt.Errorf("group %d", g)
				}
				return nil
			})
			if err == nil || err.Error() != "group 41" {
				t.Fatalf("%d workers: error %v, want group 41", workers, err)
			}
		}
	}
	if err := parallelGroups(0, 4, func(int) error { return fmt.Errorf("called") }); err != nil {
		t.Errorf("no group: %v", err)
	}
}
