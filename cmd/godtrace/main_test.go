// This file implements the test harness shared by the end-to-end tests: it builds the
// real godtrace binary (and the helper programs the tests trace) once, and runs it.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/internal/testroot"
)

var (
	binDir   string // holds godtrace, trigger, io-static, io-dynamic
	buildErr error
)

// TestMain builds the binaries as any user: the tests that need no root (usage) run them too.
func TestMain(m *testing.M) {
	var tmp string
	if pre := os.Getenv("GODTRACE_TEST_BINDIR"); pre != "" {
		// Prebuilt binaries (the guest stage's: the guest has no Go toolchain).
		binDir = pre
	} else {
		dir, err := os.MkdirTemp("", "godtrace-test")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		binDir, tmp = dir, dir
		buildErr = buildAll(dir)
	}
	code := m.Run()
	if tmp != "" {
		os.RemoveAll(tmp)
	}
	os.Exit(code)
}

// buildAll builds the binaries the tests run.
func buildAll(dir string) error {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	for _, b := range []struct{ out, pkg, cgo string }{
		{"godtrace", ".", "0"},
		{"trigger", "../../testdata/unittest/helpers/trigger", "0"},
		{"io-static", "../io-static", "0"},
		{"io-dynamic", "../io-dynamic", "1"},
	} {
		cmd := exec.Command(gobin, "build", "-o", filepath.Join(dir, b.out), b.pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED="+b.cgo)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	return nil
}

// needRoot is the start of a test that traces: it skips, saying why, when not root.
func needRoot(t *testing.T) {
	t.Helper()
	testroot.Require(t, "tracing (godtrace loads eBPF programs)")
	needBinaries(t)
}

// needBinaries is the start of a test that runs the binaries without tracing.
func needBinaries(t *testing.T) {
	t.Helper()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
}

// result is one run of godtrace.
type result struct {
	stdout, stderr string
	status         int
}

// runGodtrace runs the built godtrace with args in dir, pinned to CPU 0 (so that the CPU
// column of BEGIN/END records is deterministic), and kills it after timeout.
func runGodtrace(t *testing.T, dir string, timeout time.Duration, args ...string) result {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "godtrace"), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+binDir+":"+os.Getenv("PATH"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := startPinned(cmd); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(timeout):
		cmd.Process.Kill()
		<-done
		t.Fatalf("godtrace %q did not finish within %v\nstdout:\n%s\nstderr:\n%s", args, timeout, stdout.String(), stderr.String())
	}
	return result{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

// startPinned starts cmd with its CPU affinity set to CPU 0: the child inherits the
// affinity of the thread that forks it.
func startPinned(cmd *exec.Cmd) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var old, one unix.CPUSet
	if err := unix.SchedGetaffinity(0, &old); err != nil {
		return err
	}
	one.Set(0)
	if err := unix.SchedSetaffinity(0, &one); err != nil {
		return err
	}
	err := cmd.Start()
	if rerr := unix.SchedSetaffinity(0, &old); rerr != nil && err == nil {
		err = rerr
	}
	return err
}
