// Package testthread gives kernel tests a thread that ends: tests of what happens at
// thread exit (sched_process_exit) need one, and the Go runtime ends a thread only when a
// goroutine locked to it returns — and never the main thread.
package testthread

import (
	"os"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// OnExitingThread runs f(tid) on an OS thread other than the main one, which the runtime
// ends once f returns (shortly after OnExitingThread returns). A goroutine that lands on
// the main thread (tid == pid) parks it until the test's cleanup, so the next attempt runs
// elsewhere. f may call tb.Error but not tb.Fatal.
func OnExitingThread(tb testing.TB, f func(tid int)) {
	parked := make(chan struct{})
	tb.Cleanup(func() { close(parked) })
	ran := make(chan bool)
	for {
		go func() {
			runtime.LockOSThread()
			tid := unix.Gettid()
			if tid == os.Getpid() {
				ran <- false
				<-parked
				return
			}
			f(tid)
			ran <- true
		}()
		if <-ran {
			return
		}
	}
}
