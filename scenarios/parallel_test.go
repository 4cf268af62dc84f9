package scenarios

import (
	"context"
	"errors"
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

// TestStopped: a cancelled Options.Context stops a streamed sweep and a deploy sweep, which
// return the context's error (an interrupt stops the workers).
func TestStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, src := range []string{
		"name: s\nanalysis: cost\nstream: true\naxes: {models: [step3], hardware: [h800], contexts: {from: 1, to: 300000}}\npareto: {min: [total_usd_per_mtok], max: [activated_params]}\n",
		"name: d\nanalysis: deploy\naxes: {models: [step3], hardware: [h800], contexts: 4k}\n",
		"name: c\nanalysis: counts\naxes: {models: [step3], contexts: 8k}\n",
	} {
		s, err := Parse("s.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		opt := Options{Context: ctx}
		if s.Stream {
			_, err = Stream(s, nil, opt)
		} else {
			_, err = Run(s, opt)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err %v, want context.Canceled", s.Name, err)
		}
	}
}
