// This file implements the test that attaching and closing probes of every
// kind leaves no file descriptor, dispatcher or goroutine behind.

package provider

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/godtrace/godtrace/internal/testroot"
)

func openFDs(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

func TestNoLeaks(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	c := catalogue(t)
	var probes []*Probe
	for _, d := range [][4]string{
		{"dtrace", "", "", "BEGIN"},
		{"syscall", "", "read", ""},
		{"syscall", "", "getppid", "entry"},
		{"proc", "", "", "exec-success"},
		{"proc", "", "", "exec"},
		{"profile", "", "", "tick-1ms"},
		{"profile", "", "", "profile-997"},
	} {
		ps, err := c.Match(d[0], d[1], d[2], d[3])
		if err != nil || len(ps) == 0 {
			t.Fatalf("%v: %v, %v", d, ps, err)
		}
		probes = append(probes, ps...)
	}
	runtime.GC()
	fds, goroutines := openFDs(t), runtime.NumGoroutine()

	func() {
		tr := newTracer(t)
		tr.attach(probes...)
		time.Sleep(10 * time.Millisecond)
		tr.close()
		tr.links, tr.progs = nil, nil
	}()

	var sp *syscallProvider
	for _, pr := range c.providers {
		if s, ok := pr.(*syscallProvider); ok {
			sp = s
		}
	}
	if sp.disp[0] != nil || sp.disp[1] != nil {
		t.Errorf("syscall dispatchers still loaded after their last probe closed")
	}
	if got := openFDs(t); got != fds {
		t.Errorf("%d file descriptors open after closing, %d before", got, fds)
	}
	time.Sleep(10 * time.Millisecond)
	if got := runtime.NumGoroutine(); got > goroutines {
		t.Errorf("%d goroutines after closing, %d before", got, goroutines)
	}
}
