package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// interruptible returns a context cancelled by the first SIGINT or SIGTERM,
// so the run stops cleanly (exit 130). A second one exits the process at
// once with 130, whatever the run is doing: an operator that never returns,
// a cluster that does not answer or a grace period still running must not
// make the user reach for kill -9. Run state survives that: the schedule's
// state file records a run as started before it runs, and a Dask scheduler
// releases the keys of a client whose connection closes. stop releases the
// signals.
func interruptible(parent context.Context, stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for n := 0; ; n++ {
			select {
			case <-sigs:
			case <-done:
				return
			}
			if n > 0 {
				fmt.Fprintln(stderr, "flowspec: interrupted again: exiting now, without waiting for the run to stop")
				os.Exit(kindInterrupted.code())
			}
			cancel()
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
}
