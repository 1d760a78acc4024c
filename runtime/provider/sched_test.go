// This file implements the sched provider's test: a thread that sleeps N times fires sleep
// and off-cpu at least N times, and off-cpu names the next thread; a thread sharing a CPU with a spinner is preempted; a thread writing to a pipe
// fires wakeup with the blocked reader's tid and pid.

package provider

import (
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/internal/testroot"
)

// lockedThread runs f on a goroutine locked to a new thread, after handing the thread's
// tid to the caller, and once the caller releases it; done is closed when f returns.
func lockedThread(f func()) (tid uint32, start chan struct{}, done chan struct{}) {
	tids := make(chan uint32)
	start, done = make(chan struct{}), make(chan struct{})
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
		defer close(done)
		tids <- uint32(unix.Gettid())
		<-start
		f()
	}()
	return <-tids, start, done
}

func schedProbes(tr *tracer) map[string]*Probe {
	m := make(map[string]*Probe)
	for _, p := range tr.match("sched", "", "", "") {
		m[p.Name] = p
	}
	return m
}

func TestSchedSleep(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	const n = 20
	tid, start, done := lockedThread(func() {
		for i := 0; i < n; i++ {
			unix.Nanosleep(&unix.Timespec{Nsec: 1e6}, nil)
		}
	})
	tr := newTracer(t)
	tr.onlyTid = tid
	sp := schedProbes(tr)
	for _, name := range []string{"off-cpu", "sleep", "preempt", "wakeup"} {
		if sp[name] == nil {
			t.Fatalf("no sched:::%s", name)
		}
		tr.attach(sp[name])
	}
	close(start)
	<-done
	rs := tr.records()
	me := uint32(os.Getpid())
	mine := func(r rec) bool { return r.tid == tid && r.pid == me }
	sleeps := filter(rs, sp["sleep"], mine)
	offs := filter(rs, sp["off-cpu"], mine)
	pre := filter(rs, sp["preempt"], mine)
	t.Logf("%d sleeps, %d off-cpu, %d preempt for %d nanosleeps", len(sleeps), len(offs), len(pre), n)
	if len(sleeps) < n {
		t.Errorf("sleep fired %d times for %d nanosleeps", len(sleeps), n)
	}
	checkSwitches(t, offs, sleeps, pre)
	for _, r := range offs {
		if uint32(r.args[0]) == tid || (r.args[0] != 0 && r.args[1] == 0) {
			t.Errorf("off-cpu args %v: want the next thread's tid and pid", r.args[:2])
		}
	}
	// vtimestamp at a switch out (the vtimestamp support program also runs on
	// sched_switch) is the thread's CPU time: positive, never decreasing.
	var last uint64
	for _, r := range offs {
		if r.vt == 0 || r.vt < last {
			t.Errorf("off-cpu vtimestamp %d after %d", r.vt, last)
		}
		last = r.vt
	}
	for _, r := range append(sleeps, pre...) {
		if r.args[0] != 0 || r.args[1] != 0 {
			t.Errorf("%s has args %v, want none", tr.cat.ByID(r.id), r.args[:2])
		}
	}
}

func TestSchedWakeup(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	const n = 5
	var fds [2]int
	if err := unix.Pipe(fds[:]); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	reader, rstart, rdone := lockedThread(func() {
		buf := make([]byte, 1)
		for i := 0; i < n; i++ {
			unix.Read(fds[0], buf) // blocks until the writer writes
		}
	})
	writer, wstart, wdone := lockedThread(func() {
		for i := 0; i < n; i++ {
			time.Sleep(20 * time.Millisecond) // the reader blocks
			unix.Write(fds[1], []byte{'x'})
		}
	})
	tr := newTracer(t)
	tr.onlyTid = writer
	sp := schedProbes(tr)
	tr.attach(sp["wakeup"])
	close(rstart)
	close(wstart)
	<-wdone
	<-rdone
	me := uint32(os.Getpid())
	woke := filter(tr.records(), sp["wakeup"], func(r rec) bool {
		return r.tid == writer && uint32(r.args[0]) == reader
	})
	if len(woke) != n {
		t.Fatalf("wakeup of the reader (tid %d) by the writer (tid %d) fired %d times, want %d", reader, writer, len(woke), n)
	}
	for _, r := range woke {
		if uint32(r.args[1]) != me {
			t.Errorf("wakeup args[1] = %d, want the reader's pid %d", r.args[1], me)
		}
	}
}

// TestSchedPreempt runs two threads spinning on one CPU: the scheduler preempts them, which
// fires preempt; each off-cpu is a sleep or a preempt, never both.
func TestSchedPreempt(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	var set unix.CPUSet
	set.Set(0)
	spin := func() {
		if err := unix.SchedSetaffinity(0, &set); err != nil {
			return
		}
		end := time.Now().Add(300 * time.Millisecond)
		for time.Now().Before(end) {
		}
	}
	tid, start, done := lockedThread(spin)
	_, start2, done2 := lockedThread(spin)
	tr := newTracer(t)
	tr.onlyTid = tid
	sp := schedProbes(tr)
	tr.attach(sp["off-cpu"], sp["sleep"], sp["preempt"])
	close(start)
	close(start2)
	<-done
	<-done2
	rs := tr.records()
	mine := func(r rec) bool { return r.tid == tid }
	offs, sleeps, pre := filter(rs, sp["off-cpu"], mine), filter(rs, sp["sleep"], mine), filter(rs, sp["preempt"], mine)
	t.Logf("spinning thread: %d off-cpu, %d preempt, %d sleep", len(offs), len(pre), len(sleeps))
	if len(pre) == 0 {
		t.Errorf("a thread sharing its CPU with another spinner: no preempt (%d off-cpu)", len(offs))
	}
	// (The Go runtime parks the thread of a locked goroutine it preempts: sleeps too.)
	checkSwitches(t, offs, sleeps, pre)
}

// checkSwitches checks that a thread's switches out are each a sleep or a preemption, not
// both, but for the thread's last (an exiting thread is neither).
func checkSwitches(t *testing.T, offs, sleeps, pre []rec) {
	t.Helper()
	if d := len(offs) - len(sleeps) - len(pre); d < 0 || d > 1 {
		t.Errorf("off-cpu fired %d times, sleep %d and preempt %d: want each off-cpu one or the other", len(offs), len(sleeps), len(pre))
	}
}
