// This file implements the proc provider's test: exec, exec-success,
// exec-failure, create, start, exit of child processes, thread creation
// and exit in the test process, and a signal the test sends itself.

package provider

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/internal/testroot"
)

func procProbes(tr *tracer) map[string]*Probe {
	m := make(map[string]*Probe)
	for _, p := range tr.match("proc", "", "", "") {
		m[p.Name] = p
	}
	return m
}

func TestProcExec(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	t.Run("raw", func(t *testing.T) { testProcExec(t, newTracer(t)) })
	t.Run("tracepoints", func(t *testing.T) {
		c := tracepointCatalogue(t)
		for _, p := range c.Probes() {
			if p.Provider == "proc" && (p.Name == "exec" || p.Name == "start") && p.ProgramType != ebpf.TracePoint {
				t.Fatalf("%s is not on a tracepoint in the fallback catalogue", p)
			}
		}
		testProcExec(t, newTracerWith(t, c))
	})
}

func testProcExec(t *testing.T, tr *tracer) {
	pp := procProbes(tr)
	for _, name := range []string{"exec", "exec-success", "exec-failure", "create", "start", "exit", "lwp-exit"} {
		if pp[name] == nil {
			t.Fatalf("no proc:::%s", name)
		}
		tr.attach(pp[name])
	}

	ok := exec.Command("/bin/true")
	if err := ok.Run(); err != nil {
		t.Fatal(err)
	}
	bad := exec.Command("/bin/sh", "-c", "exec /nonexistent/godtrace-test 2>/dev/null")
	if err := bad.Run(); err == nil {
		t.Fatal("exec of a missing file succeeded")
	}
	killed := exec.Command("/bin/sleep", "10")
	if err := killed.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	killed.Process.Kill()
	killed.Wait()
	rs := tr.records()

	child := func(c *exec.Cmd) func(rec) bool {
		return func(r rec) bool { return c.Process != nil && int(r.pid) == c.Process.Pid }
	}
	me := os.Getpid()

	// /bin/true: create (in the parent), start (in the child, before
	// exec), exec (old image), exec-success (new image), exit.
	if cr := filter(rs, pp["create"], func(r rec) bool { return int(r.args[0]) == ok.Process.Pid }); len(cr) != 1 || int(cr[0].pid) != me {
		t.Errorf("create of /bin/true: %v (want one, fired in pid %d)", cr, me)
	}
	if st := filter(rs, pp["start"], child(ok)); len(st) != 1 {
		t.Errorf("start of /bin/true: %v", st)
	}
	if ex := filter(rs, pp["exec"], child(ok)); len(ex) != 1 || ex[0].comm == "true" || ex[0].args[0] == 0 {
		t.Errorf("exec of /bin/true: %v (want one, old execname, path pointer)", ex)
	}
	es := filter(rs, pp["exec-success"], child(ok))
	if len(es) != 1 || es[0].comm != "true" || int(es[0].ppid) != me {
		t.Errorf("exec-success of /bin/true: %v (want one, execname true, ppid %d)", es, me)
	}
	if ef := filter(rs, pp["exec-failure"], child(ok)); len(ef) != 0 {
		t.Errorf("exec-failure fired for a successful exec: %v", ef)
	}
	if ex := filter(rs, pp["exit"], child(ok)); len(ex) != 1 || ex[0].args[0] != cldExited || ex[0].comm != "true" {
		t.Errorf("exit of /bin/true: %v (want one, args[0] CLD_EXITED)", ex)
	}
	if lx := filter(rs, pp["lwp-exit"], child(ok)); len(lx) != 0 {
		t.Errorf("lwp-exit fired for a single-threaded process: %v", lx)
	}

	// sh exec'ing a missing file: exec-failure with ENOENT in sh.
	ef := filter(rs, pp["exec-failure"], child(bad))
	if len(ef) != 1 || ef[0].args[0] != uint64(unix.ENOENT) || ef[0].comm != "sh" {
		t.Errorf("exec-failure of a missing file: %v (want one, in sh, args[0] ENOENT)", ef)
	}
	if es := filter(rs, pp["exec-success"], child(bad)); len(es) != 1 || es[0].comm != "sh" {
		t.Errorf("exec-success of sh: %v (want only the exec of sh itself)", es)
	}

	// Killed by SIGKILL.
	if ex := filter(rs, pp["exit"], child(killed)); len(ex) != 1 || ex[0].args[0] != cldKilled {
		t.Errorf("exit of a killed sleep: %v (want one, args[0] CLD_KILLED)", ex)
	}
}

func TestProcThreadsAndSignals(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	tr := newTracer(t)
	pp := procProbes(tr)
	for _, name := range []string{"lwp-create", "lwp-start", "lwp-exit", "exit", "create", "start", "signal-send", "signal-handle"} {
		tr.attach(pp[name])
	}
	me := uint32(os.Getpid())

	before := make(map[uint32]bool) // threads older than the probes
	ents, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		var tid uint32
		fmt.Sscan(e.Name(), &tid)
		before[tid] = true
	}

	// Goroutines that lock their thread and return without unlocking
	// make the runtime end those threads; holding many at once makes it
	// create threads once the idle ones are used up, which a few rounds
	// do.
	const n = 8
	var mu sync.Mutex
	tids := make(map[uint32]bool)
	second := make(map[uint32]bool)
	for round := 0; round < 10 && len(second) == 0; round++ {
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				runtime.LockOSThread()
				mu.Lock()
				tids[uint32(unix.Gettid())] = true
				if tid := uint32(unix.Gettid()); !before[tid] {
					second[tid] = true // new since the probes
				}
				mu.Unlock()
				unix.Nanosleep(&unix.Timespec{Nsec: 20e6}, nil)
			}()
		}
		wg.Wait()
		time.Sleep(20 * time.Millisecond)
	}

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, unix.SIGUSR1)
	defer signal.Stop(sigs)
	if err := unix.Kill(os.Getpid(), unix.SIGUSR1); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sigs:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGUSR1 not delivered")
	}
	time.Sleep(100 * time.Millisecond) // let the locked threads exit
	rs := tr.records()

	// A goroutine that ran locked on the main thread does not end it.
	delete(tids, me)
	exited := 0
	for _, r := range filter(rs, pp["lwp-exit"], func(r rec) bool { return r.pid == me }) {
		if tids[r.tid] {
			exited++
		}
	}
	if exited != len(tids) {
		t.Errorf("lwp-exit fired for %d of the %d ended threads", exited, len(tids))
	}
	created := 0
	for _, r := range filter(rs, pp["lwp-create"], func(r rec) bool { return r.pid == me }) {
		if second[uint32(r.args[0])] {
			created++
		}
	}
	if created != len(second) || created == 0 {
		t.Errorf("lwp-create fired for %d of the %d threads created since the probes", created, len(second))
	}
	started := 0
	for _, r := range filter(rs, pp["lwp-start"], func(r rec) bool { return r.pid == me }) {
		if second[r.tid] {
			started++
		}
	}
	if started != created {
		t.Errorf("lwp-start fired in %d new threads, lwp-create for %d", started, created)
	}
	if st := filter(rs, pp["start"], func(r rec) bool { return r.pid == me }); len(st) != 0 {
		t.Errorf("start fired for threads: %v", st)
	}
	if cr := filter(rs, pp["create"], func(r rec) bool { return r.pid == me }); len(cr) != 0 {
		t.Errorf("create fired for threads: %v", cr)
	}
	if ex := filter(rs, pp["exit"], func(r rec) bool { return r.pid == me }); len(ex) != 0 {
		t.Errorf("exit fired for threads of a live process: %v", ex)
	}

	sent := filter(rs, pp["signal-send"], func(r rec) bool { return r.pid == me && r.args[2] == uint64(unix.SIGUSR1) })
	if len(sent) != 1 || uint32(sent[0].args[1]) != me {
		t.Errorf("signal-send of SIGUSR1 to ourselves: %v (want one, target %d)", sent, me)
	}
	handled := filter(rs, pp["signal-handle"], func(r rec) bool { return r.pid == me && r.args[0] == uint64(unix.SIGUSR1) })
	if len(handled) != 1 || handled[0].args[2] == 0 {
		t.Errorf("signal-handle of SIGUSR1: %v (want one, with the handler address)", handled)
	}
}
