package scenarios

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelGroups calls f(g) for every g in [0, n) on workers goroutines (GOMAXPROCS when
// workers ≤ 0); f must write only what belongs to its own g. It returns the error of the
// lowest g that failed, so that the outcome does not depend on scheduling; after a failure
// the groups above the lowest failed one are skipped (a group below it still runs, since it
// may fail too and its error is the one to return).
func parallelGroups(n, workers int, f func(g int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	errs := make([]error, n)
	var next atomic.Int64
	var lowestFailed atomic.Int64
	lowestFailed.Store(int64(n))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				g := int(next.Add(1) - 1)
				if g >= n || int64(g) > lowestFailed.Load() {
					return
				}
				if errs[g] = f(g); errs[g] != nil {
					for {
						low := lowestFailed.Load()
						if int64(g) >= low || lowestFailed.CompareAndSwap(low, int64(g)) {
							break
						}
					}
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
