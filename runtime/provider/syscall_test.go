// This file implements the syscall provider's test: entry and return
// probes on calls the test makes, and the exit alias on a child process.

package provider

import (
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"
	"unsafe"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/internal/testroot"
)

func TestSyscallOpenat(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	t.Run("dispatched", func(t *testing.T) { testSyscallOpenat(t, false) })
	t.Run("tracepoints", func(t *testing.T) { testSyscallOpenat(t, true) })
}

// asDispatched returns a copy of a syscall probe tail-called by the
// raw_syscalls dispatcher (what wide enablings get on x86-64).
func asDispatched(p *Probe) *Probe {
	q := *p
	q.ProgramType = ebpf.RawTracepoint
	return &q
}

// A narrow enabling attaches to the calls' own tracepoints, a wide one goes
// through the dispatcher, so the calls a narrow script does not name pay nothing.
func TestSyscallMechanism(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	tr := newTracer(t)
	for _, p := range tr.match("syscall", "", "exit", "entry") {
		if dispatched(p) || !p.dispatchable {
			t.Errorf("%s: narrow enabling: program type %s, dispatchable %v", p, p.ProgramType, p.dispatchable)
		}
	}
	wide := tr.match("syscall", "", "", "entry")
	if len(wide) <= narrowSyscalls {
		t.Fatalf("syscall:::entry matched only %d probes", len(wide))
	}
	for _, p := range wide {
		if p.dispatchable && !dispatched(p) {
			t.Errorf("%s: wide enabling not dispatched", p)
		}
	}
}

func testSyscallOpenat(t *testing.T, tracepoints bool) {
	tr := newTracer(t)
	entry := tr.match("syscall", "", "openat", "entry")[0]
	ret := tr.match("syscall", "", "openat", "return")[0]
	if dispatched(entry) || dispatched(ret) || !entry.dispatchable {
		t.Fatalf("narrowly enabled openat probes: program type %s, dispatchable %v", entry.ProgramType, entry.dispatchable)
	}
	if !tracepoints {
		entry, ret = asDispatched(entry), asDispatched(ret)
	}
	start := time.Now()
	tr.attach(entry, ret)
	t.Logf("attached 2 syscall tracepoints in %v", time.Since(start))

	args, err := entry.Args()
	if err != nil || len(args) != 4 || args[1].Type != "const char *" || !args[1].User || args[2].Type != "int" {
		t.Fatalf("openat entry args = %+v, %v", args, err)
	}

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := uint32(unix.Gettid())
	tr.records() // attaching opened tracefs files: not ours
	path := []byte("/nonexistent/godtrace-test\x00")
	const flags = unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOFOLLOW
	_, _, e := unix.Syscall6(unix.SYS_OPENAT, uintptr(^uint(99)), uintptr(unsafe.Pointer(&path[0])), flags, 0o640, 0, 0)
	if e != unix.ENOENT {
		t.Fatalf("openat: %v", e)
	}
	runtime.KeepAlive(path)

	rs := tr.records()
	ours := func(r rec) bool { return r.tid == tid }
	es, rets := filter(rs, entry, ours), filter(rs, ret, ours)
	if len(es) != 1 || len(rets) != 1 {
		t.Fatalf("got %d entry and %d return records from our thread, want 1 each: %v", len(es), len(rets), rs)
	}
	r := es[0]
	if int32(r.args[0]) != -100 || r.args[1] != uint64(uintptr(unsafe.Pointer(&path[0]))) || r.args[2] != flags || r.args[3] != 0o640 || r.args[4] != 0 {
		t.Errorf("entry args %#x", r.args)
	}
	if r.errno != 0 {
		t.Errorf("entry errno %d", r.errno)
	}
	r = rets[0]
	if int64(r.args[0]) != -int64(unix.ENOENT) || r.args[1] != r.args[0] || r.args[2] != 0 {
		t.Errorf("return args %#x, want -ENOENT twice", r.args)
	}
	if r.errno != uint64(unix.ENOENT) {
		t.Errorf("return errno %d, want %d", r.errno, unix.ENOENT)
	}
	if int(r.pid) != os.Getpid() {
		t.Errorf("pid %d", r.pid)
	}

	// A successful call: errno 0, return value the descriptor.
	fd, err := unix.Openat(unix.AT_FDCWD, "/dev/null", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	unix.Close(fd)
	rets = filter(tr.records(), ret, ours)
	if len(rets) != 1 || rets[0].args[0] != uint64(fd) || rets[0].errno != 0 {
		t.Errorf("successful openat return records %v, want arg0 %d errno 0", rets, fd)
	}
}

func TestSyscallExitAlias(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	tr := newTracer(t)
	probes := tr.match("syscall", "", "exit", "entry") // exit and exit_group
	tr.attach(probes...)
	cmd := exec.Command("/bin/sh", "-c", "exit 3")
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("sh: %v", err)
	}
	var got []rec
	rs := tr.records()
	for _, p := range probes {
		got = append(got, filter(rs, p, func(r rec) bool { return int(r.pid) == cmd.Process.Pid })...)
	}
	if len(got) != 1 || got[0].args[0] != 3 || got[0].comm != "sh" {
		t.Fatalf("syscall::exit:entry records of the child: %v, want one with arg0 3, execname sh", got)
	}
	if p := tr.cat.ByID(got[0].id); p.Function != "exit_group" {
		t.Errorf("fired probe %s, want exit_group (probefunc is the Linux name)", p)
	}
}

func TestSyscallNumbers(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	if runtime.GOARCH != "amd64" {
		t.Skipf("no system call number table on %s: syscall probes use tracepoints", runtime.GOARCH)
	}
	for name, want := range map[string]int{
		"read": unix.SYS_READ, "write": unix.SYS_WRITE, "openat": unix.SYS_OPENAT,
		"clock_gettime": unix.SYS_CLOCK_GETTIME, "exit_group": unix.SYS_EXIT_GROUP,
		"newfstat": unix.SYS_FSTAT, "execve": unix.SYS_EXECVE, "clone3": unix.SYS_CLONE3,
	} {
		if got, ok := syscallNumber(name); !ok || got != want {
			t.Errorf("syscallNumber(%s) = %d, %v; want %d", name, got, ok, want)
		}
	}
	// Every syscall probe but a few odd tracepoint names is dispatched.
	ps, _ := catalogue(t).Match("syscall", "", "", "")
	var tp []string
	for _, p := range ps {
		if !dispatched(p) {
			tp = append(tp, p.Function)
		}
	}
	if len(tp) > 4 {
		t.Errorf("%d of %d syscall probes fall back to tracepoints: %v", len(tp), len(ps), tp)
	}
}

// TestSyscallWide enables every entry and return probe at once, as
// syscall::: does, checks that the test's own calls reach the right probes
// and that arming and disarming stay fast.
func TestSyscallWide(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	tr := newTracer(t)
	probes := tr.match("syscall", "", "", "")

	// The workload runs in a thread of its own: the recorders ignore every
	// other thread (the rest of the system would overflow the ring, and
	// reading the ring makes system calls too).
	tids := make(chan uint32)
	goAhead, done := make(chan struct{}), make(chan struct{})
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		tids <- uint32(unix.Gettid())
		<-goAhead
		unix.Syscall(unix.SYS_GETPPID, 0, 0, 0)
		unix.Syscall(unix.SYS_GETPGID, 0, 0, 0)
		close(done)
	}()
	tid := <-tids
	tr.onlyTid = tid
	start := time.Now()
	links := tr.attach(probes...)
	armed := time.Since(start)
	tr.discard()
	close(goAhead)
	<-done

	start = time.Now()
	if err := CloseAll(links); err != nil {
		t.Fatal(err)
	}
	tr.links = nil
	disarmed := time.Since(start)
	t.Logf("%d syscall probes: loaded and attached in %v, detached in %v", len(probes), armed, disarmed)
	if disarmed > 2*time.Second {
		t.Errorf("detaching %d syscall probes took %v", len(probes), disarmed)
	}

	var seq []string
	for _, r := range tr.records() {
		if r.tid != tid {
			t.Fatalf("record of thread %d", r.tid)
		}
		p := tr.cat.ByID(r.id)
		seq = append(seq, p.Function+":"+p.Name)
	}
	want := []string{"getppid:entry", "getppid:return", "getpgid:entry", "getpgid:return"}
	found := 0
	for _, s := range seq {
		if found < len(want) && s == want[found] {
			found++
		}
	}
	if found != len(want) {
		t.Errorf("the thread's probes fired in order %v; want %v among them", seq, want)
	}
}
