package guest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// guestPackages are the packages whose tests run in the guest, in this order, relative to
// the module root. Their test binaries run with the package's directory as working
// directory (a copy of the repository's non-Go files is the guest's /src).
//
// runtime/kernel, runtime/provider, cmd/godtrace and examples join the list as their tests
// pass on the guest's 6.1 kernel: their first guest run found kernel-version bugs (a
// sign-extending load older kernels refuse, a BTF name 6.1 lacks, clock assumptions).
var guestPackages = []string{
	"internal/guest/cases",
	"runtime/session",
}

// Binaries the tests run, built for the guest and put on its PATH (/gt/bin); the tests
// find them through GODTRACE_TEST_BINDIR instead of building them.
var guestBinaries = []struct{ name, pkg, cgo string }{
	{"godtrace", "cmd/godtrace", "0"},
	{"io-static", "cmd/io-static", "0"},
	{"io-dynamic", "cmd/io-dynamic", "1"},
	{"trigger", "testdata/unittest/helpers/trigger", "0"},
}

// Settings, from the environment (see docs/testing.md).
var (
	envKernel   = os.Getenv("GODTRACE_GUEST_KERNEL")      // a vmlinuz; default: scripts/guest-kernel.sh
	envPkgs     = os.Getenv("GODTRACE_GUEST_PKGS")        // comma-separated subset of guestPackages
	envRun      = os.Getenv("GODTRACE_GUEST_RUN")         // -test.run for every binary
	envTimeout  = os.Getenv("GODTRACE_GUEST_TIMEOUT")     // the whole boot's deadline (default 15m)
	envKeep     = os.Getenv("GODTRACE_GUEST_KEEP")        // a directory to keep the logs and image in
	envAppend   = os.Getenv("GODTRACE_GUEST_APPEND")      // extra kernel command line
	envTestTime = os.Getenv("GODTRACE_GUEST_TESTTIMEOUT") // each binary's -test.timeout (default 10m)
	moduleRoot  = filepath.Join("..", "..")
	loudSkipBar = strings.Repeat("!", 78)
)

func loudSkip(t *testing.T, why string) {
	t.Helper()
	fmt.Fprintf(os.Stderr, "\n%s\n!!! GUEST STAGE SKIPPED: %s\n%s\n\n", loudSkipBar, why, loudSkipBar)
	t.Skip("GUEST STAGE SKIPPED: " + why)
}

func TestGuest(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the guest stage boots a kernel under emulation for minutes (make guest runs it)")
	}
	if os.Geteuid() != 0 {
		loudSkip(t, "the guest stage installs QEMU and the kernel package, which needs root (make test runs as root)")
	}
	kernel := envKernel
	if kernel == "" {
		out, err := exec.Command("bash", filepath.Join(moduleRoot, "scripts", "guest-kernel.sh")).Output()
		if err != nil {
			loudSkip(t, "scripts/guest-kernel.sh could not install QEMU or the guest kernel: "+
				strings.TrimSpace(string(exitStderr(err))))
		}
		kernel = lastLine(out)
	}
	qemu, err := exec.LookPath("qemu-system-x86_64")
	if err != nil {
		loudSkip(t, "qemu-system-x86_64 is not installed (Debian package qemu-system-x86)")
	}
	release, _ := os.ReadFile(filepath.Join(filepath.Dir(kernel), "release"))
	t.Logf("guest kernel %s (%s)", strings.TrimSpace(string(release)), kernel)

	work := t.TempDir()
	if envKeep != "" {
		work = envKeep
		if err := os.MkdirAll(work, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pkgs := selectedPackages(t)
	start := time.Now()
	im, err := buildImage(work, pkgs)
	if err != nil {
		t.Fatal(err)
	}
	initrd := filepath.Join(work, "initrd.gz")
	fh, err := os.Create(initrd)
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Write(fh); err != nil {
		t.Fatal(err)
	}
	if err := fh.Close(); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(initrd)
	t.Logf("built the guest's binaries and a %.1f MiB initramfs in %v", float64(fi.Size())/(1<<20), time.Since(start).Round(time.Millisecond))

	timeout := 15 * time.Minute
	if envTimeout != "" {
		if timeout, err = time.ParseDuration(envTimeout); err != nil {
			t.Fatalf("GODTRACE_GUEST_TIMEOUT: %v", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	boot, err := Machine{QEMU: qemu, Kernel: kernel, Initrd: initrd, Append: envAppend, Dir: work}.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("guest ran for %v", boot.Elapsed.Round(time.Millisecond))

	secs, done := Sections(boot.Output)
	var passed, failed, skipped int
	bySec := map[string]Section{}
	for _, s := range secs {
		bySec[s.Name] = s
	}
	for _, pkg := range pkgs {
		sec, ok := bySec[pkg]
		if !ok {
			failed++
			t.Run(pkg, func(t *testing.T) { t.Error("the guest never started this package's tests") })
			continue
		}
		for _, c := range testCases(t, sec) {
			switch c.action {
			case "pass":
				passed++
			case "skip":
				skipped++
			default:
				failed++
			}
			t.Run(pkg+"/"+c.name, func(t *testing.T) {
				if c.output != "" {
					t.Log("\n" + c.output)
				}
				switch c.action {
				case "pass":
				case "skip":
					t.Skip("skipped in the guest (reason above)")
				default:
					t.Error(c.why)
				}
			})
		}
	}
	faults := Faults(boot.Console)
	fmt.Printf("guest stage (%s, %v): %d passed, %d failed, %d skipped\n",
		strings.TrimSpace(string(release)), boot.Elapsed.Round(time.Second), passed, failed, skipped)
	switch {
	case len(faults) > 0:
		t.Errorf("the guest kernel reported faults:\n%s\nconsole tail:\n%s", strings.Join(faults, "\n"), Tail(boot.Console, 80))
	case boot.TimedOut:
		t.Errorf("the guest did not finish within %v and was killed; console tail:\n%s", timeout, Tail(boot.Console, 80))
	case !done:
		t.Errorf("the guest stopped before its last test (QEMU: %v); console tail:\n%s", boot.Err, Tail(boot.Console, 80))
	case boot.Err != nil:
		t.Errorf("QEMU: %v", boot.Err)
	}
}

func selectedPackages(t *testing.T) []string {
	if envPkgs == "" {
		return guestPackages
	}
	var out []string
	for _, p := range strings.Split(envPkgs, ",") {
		p = strings.Trim(strings.TrimSpace(p), "./")
		found := false
		for _, q := range guestPackages {
			found = found || p == q
		}
		if !found {
			t.Fatalf("GODTRACE_GUEST_PKGS: %q is not one of %v", p, guestPackages)
		}
		out = append(out, p)
	}
	return out
}

// testName is the file name of a package's test binary.
func testName(pkg string) string { return strings.ReplaceAll(pkg, "/", "_") + ".test" }

// buildImage builds the binaries and assembles the guest's initramfs.
func buildImage(work string, pkgs []string) (*Image, error) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	im := NewImage()
	build := func(cgo string, args ...string) error {
		cmd := exec.Command(gobin, args...)
		cmd.Dir = moduleRoot
		cmd.Env = append(os.Environ(), "CGO_ENABLED="+cgo)
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		return nil
	}
	bin := filepath.Join(work, "bin")
	for _, b := range guestBinaries {
		out := filepath.Join(bin, b.name)
		if err := build(b.cgo, "build", "-o", out, "./"+b.pkg); err != nil {
			return nil, err
		}
		if err := im.Copy("gt/bin/"+b.name, out); err != nil {
			return nil, err
		}
		if b.cgo == "1" {
			if err := addSharedLibs(im, out); err != nil {
				return nil, err
			}
		}
	}
	for _, pkg := range pkgs {
		out := filepath.Join(bin, testName(pkg))
		if err := build("0", "test", "-c", "-tags", "guest", "-o", out, "./"+pkg); err != nil {
			return nil, err
		}
		if err := im.Copy("gt/tests/"+testName(pkg), out); err != nil {
			return nil, err
		}
	}
	if err := addBusybox(im); err != nil {
		return nil, err
	}
	if err := addSources(im); err != nil {
		return nil, err
	}
	im.File("etc/passwd", []byte("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"), 0o644)
	im.File("etc/group", []byte("root:x:0:\nnogroup:x:65534:\n"), 0o644)
	im.File("init", initScript(pkgs), 0o755)
	return im, nil
}

// addBusybox adds the host's static busybox and a link for each applet.
func addBusybox(im *Image) error {
	const bb = "/bin/busybox"
	if err := im.Copy("bin/busybox", bb); err != nil {
		return fmt.Errorf("busybox (Debian package busybox-static): %w", err)
	}
	out, err := exec.Command(bb, "--list-full").Output()
	if err != nil {
		return fmt.Errorf("busybox --list-full: %w", err)
	}
	for _, applet := range strings.Fields(string(out)) {
		if applet != "bin/busybox" {
			im.Symlink(applet, "/bin/busybox")
		}
	}
	return nil
}

// addSharedLibs adds the shared libraries a dynamically linked binary needs (ldd's list).
func addSharedLibs(im *Image, bin string) error {
	out, err := exec.Command("ldd", bin).Output()
	if err != nil {
		return fmt.Errorf("ldd %s: %w", bin, err)
	}
	for _, f := range strings.Fields(string(out)) {
		if !strings.HasPrefix(f, "/") {
			continue
		}
		real, err := filepath.EvalSymlinks(f)
		if err != nil {
			return err
		}
		if err := im.Copy(f, real); err != nil {
			return err
		}
	}
	return nil
}

// addSources copies the repository's non-Go files (fixtures, scripts, golden files) to /src.
func addSources(im *Image) error {
	skipDir := map[string]bool{".git": true, "bin": true, "results": true}
	return filepath.WalkDir(moduleRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(moduleRoot, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if skipDir[rel] {
				return filepath.SkipDir
			}
			im.Dir("src/" + rel)
			return nil
		}
		if strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".test") || rel == "iofile" || !d.Type().IsRegular() {
			return nil
		}
		return im.Copy("src/"+rel, p)
	})
}

// initScript is the guest's /init: mount what godtrace needs, run each package's test
// binary in its directory with its output framed on the second serial port, power off.
func initScript(pkgs []string) []byte {
	var b strings.Builder
	b.WriteString(`#!/bin/sh
export PATH=/gt/bin:/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TMPDIR=/tmp GODTRACE_TEST_BINDIR=/gt/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tracefs tracefs /sys/kernel/tracing
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
mount -t tmpfs tmpfs /tmp
ip link set lo up
hostname guest
stty -F /dev/ttyS1 raw -echo 2>/dev/null
exec 3>/dev/ttyS1
echo "@@@GT boot $(uname -r) cpus=$(nproc)" >&3
`)
	testTimeout := "10m"
	if envTestTime != "" {
		testTimeout = envTestTime
	}
	for _, pkg := range pkgs {
		run := ""
		if envRun != "" {
			run = " -test.run='" + strings.ReplaceAll(envRun, "'", `'\''`) + "'"
		}
		fmt.Fprintf(&b, "cd /src/%s && echo '@@@GT begin %s' >&3 && /gt/tests/%s -test.v=test2json -test.timeout=%s%s >&3 2>&3; echo \"@@@GT end %s $?\" >&3\n",
			pkg, pkg, testName(pkg), testTimeout, run, pkg)
	}
	b.WriteString("echo '@@@GT done' >&3\nsync\npoweroff -f\n")
	return []byte(b.String())
}

// A case is one top-level test the guest ran.
type testCase struct {
	name, action, output, why string
}

// testCases turns one section of the guest's output into its top-level tests, through
// the host toolchain's test2json (the guest's binaries ran with -test.v=test2json).
func testCases(t *testing.T, sec Section) []testCase {
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "tool", "test2json", "-p", sec.Name)
	cmd.Stdin = bytes.NewReader(sec.Output)
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("test2json for %s: %v", sec.Name, err)
	}
	type event struct{ Action, Test, Output string }
	cases := map[string]*testCase{}
	var order []string
	var pkgOutput strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		if e.Test == "" {
			if e.Action == "output" {
				pkgOutput.WriteString(e.Output)
			}
			continue
		}
		top, _, _ := strings.Cut(e.Test, "/")
		c := cases[top]
		if c == nil {
			c = &testCase{name: top, action: "run"}
			cases[top] = c
			order = append(order, top)
		}
		switch e.Action {
		case "output":
			c.output += e.Output
		case "pass", "fail", "skip":
			if e.Test == top {
				c.action = e.Action
			}
		}
	}
	var res []testCase
	for _, n := range order {
		c := cases[n]
		switch c.action {
		case "fail":
			c.why = "failed in the guest (output above)"
		case "run":
			c.action = "fail"
			c.why = fmt.Sprintf("never finished in the guest (the test binary exited with status %d)", sec.Status)
		}
		res = append(res, *c)
	}
	if sec.Status != 0 && !anyFailed(res) {
		res = append(res, testCase{name: "(package)", action: "fail", output: pkgOutput.String(),
			why: fmt.Sprintf("the test binary exited with status %d", sec.Status)})
	}
	if len(res) == 0 {
		res = append(res, testCase{name: "(package)", action: "fail", output: pkgOutput.String(), why: "ran no tests"})
	}
	return res
}

func anyFailed(cs []testCase) bool {
	for _, c := range cs {
		if c.action == "fail" {
			return true
		}
	}
	return false
}

func lastLine(b []byte) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func exitStderr(err error) []byte {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.Stderr
	}
	return []byte(err.Error())
}
