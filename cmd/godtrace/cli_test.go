// This file implements tests of dtrace(1)'s command-line behaviour: usage and its exit
// status, the program name in messages, -e, -l, -o, -S, -p, -n descriptions.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestUsage(t *testing.T) {
	needBinaries(t)
	for _, args := range [][]string{{}, {"-K"}, {"-s"}} {
		res := runGodtrace(t, ".", 10*time.Second, args...)
		if res.status != 2 {
			t.Errorf("%q: exit status %d, want 2", args, res.status)
		}
		if !strings.Contains(res.stderr, "Usage: godtrace [-") {
			t.Errorf("%q: no usage on stderr:\n%s", args, res.stderr)
		}
		if res.stdout != "" {
			t.Errorf("%q: stdout %q, want nothing", args, res.stdout)
		}
	}
	res := runGodtrace(t, ".", 10*time.Second, "-K")
	if !strings.HasPrefix(res.stderr, "godtrace: illegal option -- K\n") {
		t.Errorf("unknown option message: %q", res.stderr)
	}
}

// TestProgramName: invoked through a link named dtrace, messages say "dtrace:".
func TestProgramName(t *testing.T) {
	needRoot(t)
	link := filepath.Join(t.TempDir(), "dtrace")
	if err := os.Symlink(filepath.Join(binDir, "godtrace"), link); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(link, "-n", "BEGIN { exit(0); }").CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(string(out), "dtrace: description 'BEGIN ' matched 1 probe\n") {
		t.Errorf("output:\n%s", out)
	}
	out, _ = exec.Command(link, "-n", "BEGIN { x = ; }").CombinedOutput()
	if !strings.HasPrefix(string(out), "dtrace: invalid probe specifier BEGIN { x = ; }: ") {
		t.Errorf("error output: %s", out)
	}
}

func TestCompileOnly(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 10*time.Second, "-e", "-s", "../../examples/io_performance.d")
	if res.status != 0 || res.stdout != "" || res.stderr != "" {
		t.Errorf("-e: status %d, stdout %q, stderr %q; want 0 and no output", res.status, res.stdout, res.stderr)
	}
}

func TestList(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 10*time.Second, "-l", "-n", "syscall::read:entry")
	want := "   ID   PROVIDER            MODULE                          FUNCTION NAME\n"
	if res.status != 0 || !strings.HasPrefix(res.stdout, want) {
		t.Fatalf("status %d, stdout:\n%s\nstderr:\n%s", res.status, res.stdout, res.stderr)
	}
	lines := strings.Split(strings.TrimSpace(res.stdout), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[1], " read entry") || !strings.Contains(lines[1], " syscall ") {
		t.Errorf("listing:\n%s", res.stdout)
	}
}

func TestOutputFile(t *testing.T) {
	needRoot(t)
	out := filepath.Join(t.TempDir(), "out.txt")
	if err := os.WriteFile(out, []byte("before\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := runGodtrace(t, ".", 10*time.Second, "-q", "-o", out, "-n", `BEGIN { printf("hello\n"); exit(0); }`)
	if res.status != 0 || res.stdout != "" {
		t.Errorf("status %d stdout %q stderr %q", res.status, res.stdout, res.stderr)
	}
	b, _ := os.ReadFile(out)
	if string(b) != "before\nhello\n\n" {
		t.Errorf("output file %q, want the output appended", b)
	}
}

func TestDisassembly(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 10*time.Second, "-S", "-e", "-n", `syscall::read:entry /pid == 1/ { trace(arg0); }`)
	if res.status != 0 {
		t.Fatalf("status %d: %s", res.status, res.stderr)
	}
	for _, want := range []string{"BPF for syscall:vmlinux:read:entry", "clause 1 at line 1: syscall::read:entry",
		"FnGetCurrentPidTgid", "FnRingbufReserve", "FnRingbufSubmit", "\t; line 1: pid == 1\n", "\t; line 1: trace(arg0)\n"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("-S output lacks %q:\n%s", want, res.stderr)
		}
	}
}

// TestGrabPid: -p sets $target and tracing ends when the process exits.
func TestGrabPid(t *testing.T) {
	needRoot(t)
	sleeper := exec.Command("sleep", "1")
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	go sleeper.Wait()
	pid := strconv.Itoa(sleeper.Process.Pid)
	res := runGodtrace(t, ".", 15*time.Second, "-q", "-p", pid, "-n",
		`BEGIN { printf("%d\n", $target); } END { printf("end\n"); }`)
	if res.status != 0 || res.stdout != pid+"\nend\n\n" {
		t.Errorf("status %d stdout %q stderr %q", res.status, res.stdout, res.stderr)
	}
}

// TestCommandExit: -c's command runs after arming; its exit ends tracing, with the
// notice dtrace(1) prints.
func TestCommandExit(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 15*time.Second, "-c", filepath.Join(binDir, "trigger")+" exit 3", "-n",
		`proc:::exit /pid == $target/ { trace(args[0]); }`)
	if res.status != 0 {
		t.Errorf("status %d: %s", res.status, res.stderr)
	}
	if !strings.Contains(res.stderr, "exited with status 3\n") {
		t.Errorf("stderr %q lacks the exit notice", res.stderr)
	}
}

// TestDrops: with a one-page buffer and a flood of records, records are dropped and
// reported per CPU as dtrace(1) reports them.
func TestDrops(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-x", "bufsize=4k", "-c",
		filepath.Join(binDir, "trigger")+" getppid 200000", "-n",
		`syscall::getppid:entry /pid == $target/ { printf("%s %s %s\n", execname, probefunc, probename); }`)
	if res.status != 0 {
		t.Fatalf("status %d: %s", res.status, res.stderr)
	}
	if !strings.Contains(res.stderr, " drops on CPU ") && !strings.Contains(res.stderr, " drop on CPU ") {
		t.Errorf("no drop report on stderr:\n%s", res.stderr)
	}
	if !strings.HasPrefix(res.stderr, "godtrace: ") {
		t.Errorf("stderr %q", res.stderr)
	}
	if strings.Count(res.stdout, "trigger getppid entry\n") >= 200000 {
		t.Errorf("every record arrived: nothing was dropped")
	}
}

// TestStacks: stack() as an aggregation key and as an action, symbolised from kallsyms,
// starting at the probe site (no BPF or tracing frames); ustack() keys per process.
func TestStacks(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-c", filepath.Join(binDir, "trigger")+" getppid 100", "-n",
		`syscall::getppid:entry /pid == $target/ { @k[stack()] = count(); @u[ustack()] = count(); }
		 syscall::getppid:return /pid == $target && !done/ { stack(); done = 1; }`)
	if res.status != 0 {
		t.Fatalf("status %d: %s", res.status, res.stderr)
	}
	out := res.stdout
	for _, want := range []string{"kernel`do_syscall_64+0x", "kernel`entry_SYSCALL_64"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q frame:\n%s", want, out)
		}
	}
	for _, bad := range []string{"bpf`", "bpf_trace_run", "__bpf_trace"} {
		if strings.Contains(out, bad) {
			t.Errorf("tracing frame %q in the stacks:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "              100\n") && !strings.Contains(out, " 100\n") {
		t.Errorf("no count of 100 for the getppid stack:\n%s", out)
	}
}

// TestProbeSpecifierErrors: checking errors in -n descriptions say where they were found.
func TestProbeSpecifierErrors(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 10*time.Second, "-n", "BEGIN { exit(); }")
	want := "godtrace: invalid probe specifier BEGIN { exit(); }: in action list: exit( ) prototype mismatch: 0 args passed, 1 expected\n"
	if res.status != 1 || res.stderr != want {
		t.Errorf("status %d, stderr %q; want 1, %q", res.status, res.stderr, want)
	}
}

// TestDynamicVariableDrops: stores into a full associative array are lost and reported
// as dtrace(1) reports dynamic variable drops.
func TestDynamicVariableDrops(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-c", filepath.Join(binDir, "trigger")+" getppid 20000", "-n",
		`syscall::getppid:entry /pid == $target/ { a[n++] = 1; }`)
	if res.status != 0 {
		t.Fatalf("status %d: %s", res.status, res.stderr)
	}
	// The arrays hold 16384 entries: the other 3616 stores are dropped.
	if !strings.Contains(res.stderr, "godtrace: 3616 dynamic variable drops\n") {
		t.Errorf("stderr %q", res.stderr)
	}
}

// TestCommandNotFound: a -c command that does not exist is an error before tracing.
func TestCommandNotFound(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 10*time.Second, "-c", "no-such-command-godtrace", "-n", "BEGIN { exit(0); }")
	want := "godtrace: failed to execute no-such-command-godtrace: No such file or directory\n"
	if res.status != 1 || res.stderr != want {
		t.Errorf("status %d, stderr %q; want 1, %q", res.status, res.stderr, want)
	}
}

// TestAggregationDrops: updates of a full aggregation are lost and reported per CPU as
// dtrace(1) reports aggregation drops.
func TestAggregationDrops(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-c", filepath.Join(binDir, "trigger")+" getppid 20000", "-n",
		`syscall::getppid:entry /pid == $target/ { @a[n++] = count(); }`)
	if res.status != 0 {
		t.Fatalf("status %d: %s", res.status, res.stderr)
	}
	// Aggregations hold 16384 keys: 3616 new keys find no room (runGodtrace pins CPU 0).
	if !strings.Contains(res.stderr, "godtrace: 3616 aggregation drops on CPU 0\n") {
		t.Errorf("stderr %q", res.stderr)
	}
}

// TestSymbolKeys: func() and mod() keys aggregate by function and by module (not by
// address), as libdtrace aggregates them.
func TestSymbolKeys(t *testing.T) {
	needRoot(t)
	data := ioFile(t)
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-c",
		fmt.Sprintf("%s -r -B -q -b 512 -t 16777216 %s", filepath.Join(binDir, "io-static"), data), "-n",
		`profile-997 /arg0/ { @f[func(arg0)] = count(); @m[mod(arg0)] = count(); }`)
	if res.status != 0 {
		t.Fatalf("status %d: %s", res.status, res.stderr)
	}
	seen := map[string]bool{}
	n := 0
	for _, l := range strings.Split(res.stdout, "\n") {
		f := strings.Fields(l)
		if len(f) != 2 {
			continue
		}
		n++
		if seen[f[0]] {
			t.Errorf("key %q printed twice:\n%s", f[0], res.stdout)
		}
		seen[f[0]] = true
	}
	if n == 0 || !seen["kernel"] {
		t.Errorf("no kernel samples:\n%s", res.stdout)
	}
}

// TestFaultMessage: a bad address read ends the clause with DTrace's error message.
func TestFaultMessage(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 20*time.Second, "-q", "-c", filepath.Join(binDir, "trigger")+" openat-enoent", "-n",
		`syscall::openat:entry /pid == $target && arg2 == 0x20000/ { trace(copyinstr(arg0)); }`)
	re := regexp.MustCompile(`^godtrace: error on enabled probe ID 1 \(ID \d+: syscall:vmlinux:openat:entry\): invalid address \(0xffffffffffffff9c\) in action #1\n$`)
	if res.status != 0 || !re.MatchString(res.stderr) || res.stdout != "\n" {
		t.Errorf("status %d stdout %q stderr %q", res.status, res.stdout, res.stderr)
	}
}

// TestFaultInPredicate: a fault in a predicate ends the clause before its record exists.
func TestFaultInPredicate(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 20*time.Second, "-q", "-c", filepath.Join(binDir, "trigger")+" openat-enoent", "-n",
		`syscall::openat:entry /pid == $target && arg2 == 0x20000 && copyinstr(arg0) == "x"/ { printf("no\n"); }`)
	if res.status != 0 || !strings.Contains(res.stderr, "invalid address (0xffffffffffffff9c) in predicate\n") || res.stdout != "\n" {
		t.Errorf("status %d stdout %q stderr %q", res.status, res.stdout, res.stderr)
	}
}

// TestErrorProbe: dtrace:::ERROR's clauses run on a fault, with the fault in its args.
func TestErrorProbe(t *testing.T) {
	needRoot(t)
	res := runGodtrace(t, ".", 20*time.Second, "-q", "-c", filepath.Join(binDir, "trigger")+" openat-enoent", "-n",
		`syscall::openat:entry /pid == $target && arg2 == 0x20000/ { trace(copyinstr(arg0)); }
		 ERROR { printf("ERROR epid %d action %d fault %d addr %x\n", arg1, arg2, arg4, arg5); }`)
	want := "ERROR epid 1 action 1 fault 1 addr ffffffffffffff9c\n\n"
	if res.status != 0 || res.stdout != want {
		t.Errorf("status %d stdout %q (want %q) stderr %q", res.status, res.stdout, want, res.stderr)
	}
}
