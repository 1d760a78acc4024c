// This file implements the test of the benchmark's system-call behaviour: the main thread
// of io-static and io-dynamic is traced with ptrace(2), and its system calls must be the
// original's: a real clock_gettime(CLOCK_REALTIME) immediately before and after exactly
// blockcount read or write calls, the preparatory calls without -B, and exit_group from
// the same (main) thread.

package iobench

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
)

// traceMain runs prog with args in dir under ptrace, following only the main thread, and
// returns the numbers of the system calls it entered, and its exit status.
func traceMain(t *testing.T, dir, prog string, args ...string) ([]uint64, []uint64, int) {
	t.Helper()
	runtime.LockOSThread() // ptrace requests must come from the tracing thread
	defer runtime.UnlockOSThread()

	out, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(binPath(prog), args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Ptrace: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	defer cmd.Process.Release()
	var ws syscall.WaitStatus
	if _, err := syscall.Wait4(pid, &ws, 0, nil); err != nil || !ws.Stopped() {
		t.Fatalf("waiting for the exec stop: %v, %v", err, ws)
	}
	if err := syscall.PtraceSetOptions(pid, syscall.PTRACE_O_TRACESYSGOOD|0x100000 /* PTRACE_O_EXITKILL */); err != nil {
		t.Fatalf("PTRACE_SETOPTIONS: %v", err)
	}
	var calls, args1 []uint64
	entry := true
	sig := 0
	for {
		if err := syscall.PtraceSyscall(pid, sig); err != nil {
			t.Fatalf("PTRACE_SYSCALL: %v", err)
		}
		sig = 0
		if _, err := syscall.Wait4(pid, &ws, syscall.WALL, nil); err != nil {
			t.Fatalf("wait4: %v", err)
		}
		switch {
		case ws.Exited():
			return calls, args1, ws.ExitStatus()
		case ws.Signaled():
			t.Fatalf("%s killed by %v", prog, ws.Signal())
		case ws.Stopped() && ws.StopSignal() == syscall.SIGTRAP|0x80:
			if entry {
				var regs syscall.PtraceRegs
				if err := syscall.PtraceGetRegs(pid, &regs); err != nil {
					t.Fatalf("PTRACE_GETREGS: %v", err)
				}
				calls = append(calls, regs.Orig_rax)
				args1 = append(args1, regs.Rdi)
			}
			entry = !entry
		case ws.Stopped():
			sig = int(ws.StopSignal()) // deliver it (for example SIGURG)
		}
	}
}

func TestSystemCalls(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, dir, "io-static", "-c", "-t", "1048576", "iofile"); r.status != 0 {
		t.Fatalf("io-static -c: %+v", r)
	}
	for _, prog := range []string{"io-static", "io-dynamic"} {
		for _, tc := range []struct {
			args  []string
			trap  uint64
			count int
			bare  bool
			fsync bool
		}{
			{[]string{"-r", "-B", "-q", "-b", "4096", "-t", "1048576", "iofile"}, syscall.SYS_READ, 256, true, false},
			{[]string{"-w", "-B", "-q", "-s", "-b", "512", "-t", "1048576", "iofile"}, syscall.SYS_WRITE, 2048, true, true},
			{[]string{"-r", "-v", "-b", "65536", "-t", "1048576", "iofile"}, syscall.SYS_READ, 16, false, false},
		} {
			calls, args1, status := traceMain(t, dir, prog, tc.args...)
			if status != 0 {
				t.Fatalf("%s %q: exit status %d", prog, tc.args, status)
			}
			var clocks []int
			for i, nr := range calls {
				if nr == syscall.SYS_CLOCK_GETTIME {
					clocks = append(clocks, i)
				}
			}
			if len(clocks) != 2 {
				t.Fatalf("%s %q: main thread made %d clock_gettime system calls; want 2 (no vDSO)", prog, tc.args, len(clocks))
			}
			for _, i := range clocks {
				if args1[i] != 0 {
					t.Errorf("%s %q: clock_gettime clock %d; want CLOCK_REALTIME (0)", prog, tc.args, args1[i])
				}
			}
			// Between the clock reads: the loop, then fsync with -s, and nothing else.
			want := slices.Repeat([]uint64{tc.trap}, tc.count)
			if tc.fsync {
				want = append(want, syscall.SYS_FSYNC)
			}
			if got := calls[clocks[0]+1 : clocks[1]]; !slices.Equal(got, want) {
				t.Errorf("%s %q: %d calls between the clock reads (%v...); want %d of %d", prog, tc.args, len(got), got[:min(len(got), 5)], tc.count, tc.trap)
			}
			// The process exits from the main thread.
			if last := calls[len(calls)-1]; last != syscall.SYS_EXIT_GROUP {
				t.Errorf("%s %q: the main thread's last system call is %d; want exit_group", prog, tc.args, last)
			}
			// Without -B: fsync, fsync, sync, sync, sync, clock_nanosleep before the first
			// timestamp (other runtime calls may come in between).
			prep := []uint64{syscall.SYS_FSYNC, syscall.SYS_FSYNC, syscall.SYS_SYNC, syscall.SYS_SYNC, syscall.SYS_SYNC, syscall.SYS_CLOCK_NANOSLEEP}
			if got := subsequence(calls[:clocks[0]], prep); got != !tc.bare {
				t.Errorf("%s %q: preparatory fsync/sync/sleep before the loop: %v; want %v", prog, tc.args, got, !tc.bare)
			}
		}
	}
}

// subsequence reports whether want occurs in calls in order, not necessarily adjacent.
func subsequence(calls, want []uint64) bool {
	for _, nr := range calls {
		if len(want) > 0 && nr == want[0] {
			want = want[1:]
		}
	}
	return len(want) == 0
}
