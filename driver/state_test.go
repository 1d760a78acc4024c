// This file implements the test of the state word's own slot: the session changes the
// state while a probe writes a global at a high rate, and no write is lost.
package driver_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/driver"
)

// TestStateChangeKeepsGlobals: one thread calls getppid(2) in a tight loop; its probe
// counts each firing in a global and, independently, in an aggregation (a map of its
// own). The session stops (the state goes from active to ending) while the loop runs.
// When the state word shared the globals' value, the session read that value, set the
// state and wrote it all back: the increments a probe made in between were lost (tens of
// them, in one round out of two or three), and the global ended below the aggregation's
// count. One thread fires the probe, so the global's increments do not race each other;
// and at most one firing can be in flight on the loop's CPU when END reads the global
// (the aggregation is read after END), so the global may trail the count by one.
func TestStateChangeKeepsGlobals(t *testing.T) {
	var errs bytes.Buffer
	newDriver(t, &errs)
	cpus := twoCPUs(t)
	for round := 0; round < 10; round++ {
		n, count := stateRound(t, cpus)
		if n == 0 {
			t.Fatalf("round %d: the probe never fired", round)
		}
		if lost := count - n; lost < 0 || lost > 1 {
			t.Fatalf("round %d: the global counted %d firings, the aggregation %d: %d increments lost when the state changed",
				round, n, count, lost)
		}
		t.Logf("round %d: %d firings, the global %d", round, count, n)
	}
}

// stateRound runs one session over a getppid loop and returns the global's final value
// and the aggregation's count.
func stateRound(t *testing.T, cpus [2]int) (int64, int64) {
	t.Helper()
	tids := make(chan int)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer pin(t, cpus[0])()
		tids <- unix.Gettid()
		for {
			select {
			case <-stop:
				return
			default:
			}
			for i := 0; i < 1000; i++ {
				unix.Getppid()
			}
		}
	}()
	defer wg.Wait()
	defer close(stop)
	tid := <-tids

	var out, errs bytes.Buffer
	opts := driver.DefaultOptions()
	opts.Quiet = true
	d := newDriver(t, &errs)
	d.Out, d.Options = &out, opts
	src := fmt.Sprintf(`syscall::getppid:entry /tid == %d/ { n++; @c = count(); }
END { printf("%%d\n", n); printa("%%@d\n", @c); }`, tid)
	checked, err := d.FrontEnd([]driver.Source{{Name: src, Text: src}})
	if err != nil {
		t.Fatal(err)
	}
	obj, err := d.Compile(checked)
	if err != nil {
		t.Fatal(err)
	}
	s, err := d.Load(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := d.Attach(s); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The session changes the state from this thread, on another CPU than the loop's.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer pin(t, cpus[1])()
	status, err := d.Consume(ctx, s, checked, driver.Hooks{Armed: func() error {
		time.AfterFunc(100*time.Millisecond, cancel) // stop while the loop runs
		return nil
	}})
	if err != nil || status != 0 {
		t.Fatalf("status %d, %v: %s", status, err, errs.String())
	}
	var n, count int64
	if _, err := fmt.Sscan(strings.TrimSpace(out.String()), &n, &count); err != nil {
		t.Fatalf("output %q: %v", out.String(), err)
	}
	return n, count
}

// pin binds the calling thread, locked to its goroutine, to cpu; the returned function
// gives it back the CPUs it had.
func pin(t *testing.T, cpu int) func() {
	var old, one unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		t.Fatal(err)
	}
	one.Set(cpu)
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		t.Fatal(err)
	}
	return func() { unix.SchedSetaffinity(0, &old) }
}

// twoCPUs returns two CPUs this process may run on, or skips the test.
func twoCPUs(t *testing.T) [2]int {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(0, &set); err != nil {
		t.Fatal(err)
	}
	var cpus []int
	for cpu := 0; cpu < 1024 && len(cpus) < 2; cpu++ {
		if set.IsSet(cpu) {
			cpus = append(cpus, cpu)
		}
	}
	if len(cpus) < 2 {
		t.Skip("skipped: the probe and the session must run at once, on two CPUs; this process has one")
	}
	return [2]int{cpus[0], cpus[1]}
}
