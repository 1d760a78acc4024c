// This file implements the profile provider's tests: tick-N fired by
// godtrace, profile-N sampling a busy thread of the test.

package provider

import (
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/internal/testroot"
)

func TestTick(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	tr := newTracer(t)
	p := tr.match("profile", "", "", "tick-10ms")[0]
	links := tr.attach(p)
	start := time.Now()
	time.Sleep(205 * time.Millisecond)
	if err := links[0].Close(); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	rs := filter(tr.records(), p, nil)
	want := int(elapsed / (10 * time.Millisecond))
	if len(rs) < want*3/4 || len(rs) > want {
		t.Errorf("tick-10ms fired %d times in %v, want about %d", len(rs), elapsed, want)
	}
	for _, r := range rs {
		if int(r.pid) != os.Getpid() {
			t.Fatalf("tick fired in pid %d, want godtrace's own %d", r.pid, os.Getpid())
		}
	}
	time.Sleep(30 * time.Millisecond)
	if after := filter(tr.records(), p, nil); len(after) != 0 {
		t.Errorf("tick fired %d times after Close", len(after))
	}
}

func TestProfile(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	tr := newTracer(t)
	p := tr.match("profile", "", "", "profile-1000hz")[0]
	tr.attach(p)

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := uint32(unix.Gettid())
	var t0, t1 unix.Timespec
	unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &t0)
	end := time.Now().Add(200 * time.Millisecond)
	x := 0
	for time.Now().Before(end) {
		for i := 0; i < 1000; i++ {
			x += i
		}
	}
	_ = x
	unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &t1)
	oncpu := time.Duration(t1.Nano() - t0.Nano())
	rs := filter(tr.records(), p, func(r rec) bool { return r.tid == tid })
	user := 0
	for _, r := range rs {
		if r.args[0] != 0 && r.args[1] != 0 {
			t.Fatalf("sample with both a kernel and a user PC: %#x", r.args[:2])
		}
		if r.args[1] != 0 {
			user++
		}
	}
	// One sample per millisecond the thread spent on a CPU.
	want := int(oncpu / time.Millisecond)
	if len(rs) < want/2 || len(rs) > want*3/2+2 || user < len(rs)/2 {
		t.Errorf("profile-1000hz: %d samples (%d in user mode) of a thread %v on CPU, want about %d", len(rs), user, oncpu, want)
	}
	t.Logf("profile-1000hz: %d samples (%d in user mode) of a thread %v on CPU", len(rs), user, oncpu)
}
