package stage

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// interrupted is set by the first signal: from then on no staged file is moved into place.
var interrupted atomic.Bool

// Interrupted reports whether SIGINT or SIGTERM has arrived (under Watch).
func Interrupted() bool { return interrupted.Load() }

// Interrupt watches for SIGINT and SIGTERM during one run (see Watch).
type Interrupt struct {
	ctx    context.Context
	cancel context.CancelFunc
	ch     chan os.Signal
	mu     sync.Mutex
	sig    os.Signal
	stop   sync.Once
	exit   sync.Once
	report func(os.Signal)
}

// Watch starts watching for SIGINT and SIGTERM. The first one cancels Context, so that the
// run's workers stop and its staged outputs are aborted on the way out; the run then
// returns, and its caller reports (Signal says which signal it was). If the run has not
// returned within grace of the signal, or on a second signal, Watch itself removes every
// temporary file (RemoveAll), calls report and exits with ExitCode. Stop ends the watch.
func Watch(grace time.Duration, report func(os.Signal)) *Interrupt {
	in := &Interrupt{ch: make(chan os.Signal, 2), report: report}
	in.ctx, in.cancel = context.WithCancel(context.Background())
	signal.Notify(in.ch, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig, ok := <-in.ch
		if !ok {
			return
		}
		in.mu.Lock()
		in.sig = sig
		in.mu.Unlock()
		interrupted.Store(true)
		in.cancel()
		select {
		case _, ok := <-in.ch: // a second signal: do not wait
			if !ok {
				return // Stop: the run returned and its caller reports
			}
		case <-time.After(grace):
		}
		in.Exit()
	}()
	return in
}

// Exit ends an interrupted process: it removes every temporary file, reports the signal and
// exits with ExitCode. The run's caller calls it once the run has returned; Watch calls it
// when the run does not return in time. Only the first call reports.
func (in *Interrupt) Exit() {
	in.exit.Do(func() {
		sig := in.Signal()
		RemoveAll()
		in.report(sig)
		os.Exit(ExitCode(sig))
	})
	select {} // another goroutine is exiting
}

// Context is cancelled by the first signal.
func (in *Interrupt) Context() context.Context { return in.ctx }

// Signal is the signal that interrupted the run, or nil.
func (in *Interrupt) Signal() os.Signal {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.sig
}

// Stop stops watching; signals then have their default effect again.
func (in *Interrupt) Stop() {
	in.stop.Do(func() {
		signal.Stop(in.ch)
		close(in.ch)
		in.cancel()
	})
}

// SignalName is "SIGINT" or "SIGTERM" (else the signal's own name).
func SignalName(sig os.Signal) string {
	switch sig {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	}
	return sig.String()
}

// ExitCode is the shell's exit status for a process ended by sig: 128 + the signal number
// (130 for SIGINT, 143 for SIGTERM).
func ExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}
