// This file implements finding the tracers (installing bpftrace when it is missing) and
// the clauses each one runs.

package probeeffect

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// RepoRoot finds the directory holding go.mod, starting at the working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// FindBpftrace returns bpftrace, installing Debian's package with apt-get when it is
// missing. When that fails the tool is returned with Unavailable set.
func FindBpftrace(logf func(format string, args ...any)) *Tool {
	t := &Tool{Name: "bpftrace"}
	if p, err := exec.LookPath("bpftrace"); err == nil {
		t.Path = p
	} else {
		logf("bpftrace: not installed; installing Debian's bpftrace package with apt-get")
		out, err := exec.Command("sh", "-c",
			"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bpftrace").CombinedOutput()
		if err != nil {
			t.Unavailable = fmt.Errorf("bpftrace is not installed and apt-get install bpftrace failed: %v: %s",
				err, lastLine(string(out)))
			logf("bpftrace: %v", t.Unavailable)
			return t
		}
		p, err := exec.LookPath("bpftrace")
		if err != nil {
			t.Unavailable = fmt.Errorf("apt-get install bpftrace succeeded but bpftrace is not on PATH")
			return t
		}
		t.Path = p
		t.Note = "installed by this run with apt-get"
	}
	// More clauses than bpftrace's default limits (512) for the compile-time script.
	t.Env = []string{"BPFTRACE_MAX_PROBES=4096", "BPFTRACE_MAX_BPF_PROGS=4096"}
	if out, err := exec.Command(t.Path, "--version").Output(); err == nil {
		t.Note = strings.TrimSpace(strings.TrimSpace(string(out)) + " " + t.Note)
	}
	return t
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// FindGodtrace returns a copy, in dir, of bin/godtrace of this repository (built by
// `make`) or of the binary named by $GODTRACE, so that a rebuild during the run does not
// change what is measured. It is marked unavailable when it cannot run
// `BEGIN { exit(0); }`.
func FindGodtrace(root, dir string) *Tool {
	src := os.Getenv("GODTRACE")
	if src == "" {
		src = filepath.Join(root, "bin", "godtrace")
	}
	t := &Tool{Name: "godtrace", Path: filepath.Join(dir, "godtrace"), Note: "copy of " + src}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Unavailable = fmt.Errorf("%s not found (run make first)", src)
		return t
	}
	if err := os.WriteFile(t.Path, b, 0o755); err != nil {
		t.Unavailable = err
		return t
	}
	out, err := exec.Command(t.Path, "-n", "BEGIN { exit(0); }").CombinedOutput()
	if err != nil {
		t.Unavailable = fmt.Errorf("`godtrace -n 'BEGIN { exit(0); }'` failed: %v: %s", err, errTail(out))
	}
	return t
}

// BpftraceClauses are bpftrace's equivalents of the D clause patterns.
func BpftraceClauses() []Clause {
	return []Clause{
		{Pattern: PatternPid, Label: "/pid == cpid/ {}",
			Script: "tracepoint:syscalls:sys_enter_read /pid == cpid/ {}\n"},
		{Pattern: PatternCount, Label: "@[tid] = count()",
			Script: "tracepoint:syscalls:sys_enter_read { @[tid] = count(); }\n"},
		{Pattern: PatternQuantize, Label: "@ts[tid] = nsecs / @ = hist(nsecs - @ts[tid]); delete",
			Script: "tracepoint:syscalls:sys_enter_read { @ts[tid] = nsecs; }\n" +
				"tracepoint:syscalls:sys_exit_read /@ts[tid]/ { @ = hist(nsecs - @ts[tid]); delete(@ts[tid]); }\n"},
	}
}

// GodtraceClauses are the D clause patterns issue 6 names, and the lab script.
func GodtraceClauses(root string) []Clause {
	return []Clause{
		{Pattern: PatternPid, Label: "/pid == $target/ {}",
			Script: "syscall::read:entry\n/pid == $target/\n{\n}\n"},
		{Pattern: PatternCount, Label: "@[tid] = count()",
			Script: "syscall::read:entry\n{\n\t@[tid] = count();\n}\n"},
		{Pattern: PatternQuantize, Label: "self->ts = timestamp / @ = quantize(timestamp - self->ts); self->ts = 0",
			Script: "syscall::read:entry\n{\n\tself->ts = timestamp;\n}\n\n" +
				"syscall::read:return\n/self->ts/\n{\n\t@ = quantize(timestamp - self->ts);\n\tself->ts = 0;\n}\n"},
		{Pattern: PatternLab, Label: "examples/io_performance.d",
			File: filepath.Join(root, "examples", "io_performance.d")},
	}
}

// StartupScripts are the start-up scenarios for each tool; pid is the harness's own pid
// (the process that makes the probing and checking system calls).
func StartupScripts(tool string, pid int) []StartupScript {
	if tool == "bpftrace" {
		return []StartupScript{
			{Name: "BEGIN { exit(0); }", Script: "BEGIN { exit(); }\n"},
			{Name: "two syscall probes", Probe: true, Calls: []string{"getppid"},
				Script: fmt.Sprintf("tracepoint:syscalls:sys_enter_getppid /pid == %d/ { printf(\"called getppid\\n\"); }\n"+
					"tracepoint:syscalls:sys_enter_getpgid /pid == %d/ { printf(\"seen %%d\\n\", args->pid); }\n", pid, pid)},
			// bpftrace cannot print getpgid's argument from a wildcard tracepoint
			// clause; its BEGIN fires once every probe is attached.
			{Name: "syscall:::entry", Armed: true, Calls: []string{"getppid"},
				Script: fmt.Sprintf("BEGIN { printf(\"armed\\n\"); }\n"+
					"tracepoint:syscalls:sys_enter_* /pid == %d/ { @[probe] = count(); }\n", pid)},
		}
	}
	return []StartupScript{
		{Name: "BEGIN { exit(0); }", Script: "BEGIN { exit(0); }\n"},
		{Name: "two syscall probes", Probe: true, Calls: []string{"getppid"},
			Script: fmt.Sprintf("syscall::getppid:entry /pid == %d/ { printf(\"called getppid\\n\"); }\n"+
				"syscall::getpgid:entry /pid == %d/ { printf(\"seen %%d\\n\", arg0); }\n", pid, pid)},
		{Name: "syscall:::entry", Probe: true, Calls: []string{"getppid"},
			Script: fmt.Sprintf("syscall:::entry /pid == %d/ { @[probefunc] = count(); }\n"+
				"syscall:::entry /pid == %d && probefunc == \"getpgid\"/ { printf(\"seen %%d\\n\", arg0); }\n", pid, pid)},
	}
}

// CompileScript generates the n-clause script for the compile-time measurement.
func CompileScript(tool string, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if tool == "bpftrace" {
			fmt.Fprintf(&b, "tracepoint:syscalls:sys_enter_read /args->fd == %d/ { @c[%d] = count(); }\n", i, i)
		} else {
			fmt.Fprintf(&b, "syscall::read:entry /arg0 == %d/ { @c[%d] = count(); }\n", i, i)
		}
	}
	return b.String()
}

// CompileArgs are the arguments that compile a script file without tracing.
func CompileArgs(tool, file, dir string) []string {
	if tool == "bpftrace" {
		return []string{"--emit-elf", filepath.Join(dir, "compile.elf"), file}
	}
	return []string{"-e", "-s", file}
}
