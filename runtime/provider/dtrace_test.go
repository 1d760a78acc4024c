// This file implements the dtrace provider's test: BEGIN, END and ERROR
// programs fired in the test's own thread.

package provider

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/internal/testroot"
)

func TestDtraceFire(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	tr := newTracer(t)
	var probes []*Probe
	for _, name := range []string{"BEGIN", "END", "ERROR"} {
		probes = append(probes, tr.match("dtrace", "", "", name)...)
	}
	links := tr.attach(probes...)

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	comm, err := os.ReadFile("/proc/thread-self/comm")
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range links {
		fl, ok := l.(*FireLink)
		if !ok {
			t.Fatalf("%s: Attach returned %T, want *FireLink", probes[i], l)
		}
		if _, err := fl.Fire(0, 11, 22, 33, 44, 55); err != nil {
			t.Fatal(err)
		}
	}
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		t.Fatal(err)
	}
	rs := tr.records()
	if len(rs) != 3 {
		t.Fatalf("got %d records, want 3: %v", len(rs), rs)
	}
	for i, r := range rs {
		if r.id != probes[i].ID {
			t.Errorf("record %d from probe %d, want %d (BEGIN, END, ERROR in firing order)", i, r.id, probes[i].ID)
		}
		if int(r.pid) != os.Getpid() || int(r.tid) != unix.Gettid() {
			t.Errorf("%s fired in pid %d tid %d, want the test's own %d/%d", probes[i], r.pid, r.tid, os.Getpid(), unix.Gettid())
		}
		if r.comm != strings.TrimSpace(string(comm)) {
			t.Errorf("%s: execname %q, want %q", probes[i], r.comm, strings.TrimSpace(string(comm)))
		}
		if int(r.ppid) != os.Getppid() || int(r.uid) != os.Getuid() {
			t.Errorf("%s: ppid %d uid %d", probes[i], r.ppid, r.uid)
		}
		if r.args[1] != 11 || r.args[5] != 55 || r.args[6] != 0 {
			t.Errorf("%s: args %v", probes[i], r.args)
		}
		if r.vt == 0 || r.vt > uint64(ts.Nano())+1e6 { // 1 ms: see runtime/kernel on steal time
			t.Errorf("%s: vtimestamp %d, thread CPU time after it %d", probes[i], r.vt, ts.Nano())
		}
	}
}
