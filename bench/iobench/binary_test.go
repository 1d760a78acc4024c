// This file implements tests of the built programs, io-static and io-dynamic: link modes,
// usage and exit statuses, create mode, the -v block, failures, and -d.

package iobench

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godtrace/godtrace/internal/testroot"
)

// binDir holds io-static and io-dynamic, built by TestMain with `go build` as the Makefile
// builds them, so the tests do not depend on `make` having run.
var binDir string

// binName is the file each program is built as. Not "io-static": other packages' tests
// may be tracing execname == "io-static" at the same time (go test runs packages in
// parallel), and these runs must not land in their counts. The usage text does not
// depend on the file name; err(3)'s prefix does (see errName).
var binName = map[string]string{"io-static": "iotest-static", "io-dynamic": "iotest-dynamic"}

// errName is the prefix of prog's failure messages when it runs from binDir.
func errName(prog string) string { return binName[prog] }

// binPath is the path of program prog (io-static or io-dynamic) in binDir.
func binPath(prog string) string { return filepath.Join(binDir, binName[prog]) }

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "iobench-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	for _, b := range []struct{ name, cgo string }{{"io-static", "0"}, {"io-dynamic", "1"}} {
		cmd := exec.Command(goTool, "build", "-o", filepath.Join(dir, binName[b.name]), "github.com/godtrace/godtrace/cmd/"+b.name)
		cmd.Env = append(os.Environ(), "CGO_ENABLED="+b.cgo)
		if out, err := cmd.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "building %s: %v\n%s", b.name, err, out)
			return 1
		}
	}
	binDir = dir
	return m.Run()
}

type result struct {
	stdout, stderr string
	status         int
}

// run runs program prog (io-static or io-dynamic) from binDir with args, in dir.
func run(t *testing.T, dir, prog string, args ...string) result {
	t.Helper()
	return runPath(t, dir, binPath(prog), args...)
}

func runPath(t *testing.T, dir, path string, args ...string) result {
	t.Helper()
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	status := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		status = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s %q: %v", path, args, err)
	}
	return result{stdout.String(), stderr.String(), status}
}

func TestLinkModes(t *testing.T) {
	if _, err := exec.LookPath("ldd"); err != nil {
		t.Skip("ldd is not installed")
	}
	out, _ := exec.Command("ldd", binPath("io-static")).CombinedOutput()
	if !strings.Contains(string(out), "not a dynamic executable") {
		t.Errorf("ldd io-static = %q; want \"not a dynamic executable\"", out)
	}
	out, err := exec.Command("ldd", binPath("io-dynamic")).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "libc.so.6") {
		t.Errorf("ldd io-dynamic = %q, %v; want libc.so.6 listed", out, err)
	}
}

func TestUsageAndExitStatus(t *testing.T) {
	dir := t.TempDir()
	for _, prog := range []string{"io-static", "io-dynamic"} {
		for _, args := range [][]string{
			{}, {"iofile"}, {"-r"}, {"-r", "-w", "iofile"}, {"-c", "-v", "iofile"},
			{"-r", "-b", "0", "iofile"}, {"-r", "-t", "12k", "iofile"}, {"-r", "a", "b"},
		} {
			r := run(t, dir, prog, args...)
			if r.status != ExitUsage || r.stdout != "" || r.stderr != Usage(prog) {
				t.Errorf("%s %q: status %d, stdout %q, stderr %q; want 64 and the usage text", prog, args, r.status, r.stdout, r.stderr)
			}
		}
		// getopt's own diagnostic comes first, naming the program as invoked.
		r := run(t, dir, prog, "-r", "-x", "iofile")
		want := binPath(prog) + ": invalid option -- 'x'\n" + Usage(prog)
		if r.status != ExitUsage || r.stderr != want {
			t.Errorf("%s -r -x: status %d, stderr %q; want 64, %q", prog, r.status, r.stderr, want)
		}
	}
	// The usage line names the program as built, not as invoked; err(3)'s prefix is the
	// invoked name's basename.
	renamed := filepath.Join(t.TempDir(), "renamed")
	data, err := os.ReadFile(binPath("io-static"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(renamed, data, 0755); err != nil {
		t.Fatal(err)
	}
	if r := runPath(t, dir, renamed); r.status != ExitUsage || r.stderr != Usage("io-static") {
		t.Errorf("renamed io-static: status %d, stderr %q; want 64 and io-static's usage", r.status, r.stderr)
	}
	r := runPath(t, dir, renamed, "-r", "missing")
	if want := "renamed: FAIL: missing: No such file or directory\n"; r.status != ExitNoInput || r.stderr != want {
		t.Errorf("renamed -r missing: status %d, stderr %q; want 66, %q", r.status, r.stderr, want)
	}
}

var verboseBlock = regexp.MustCompile(`^Benchmark configuration:
  buffersize: (\d+)
  totalsize: (\d+)
  blockcount: (\d+)
  operation: (create|read|write)
  path: (.*)
  time: (\d+\.\d{9})
(\d+\.\d\d) KBytes/sec
$`)

func TestCreate(t *testing.T) {
	dir := t.TempDir()
	for _, prog := range []string{"io-static", "io-dynamic"} {
		path := filepath.Join(dir, prog+".data")
		// An existing, larger file of other bytes is truncated and zero-filled.
		if err := os.WriteFile(path, bytes.Repeat([]byte{1}, 100000), 0600); err != nil {
			t.Fatal(err)
		}
		r := run(t, dir, prog, "-c", "-b", "4096", "-t", "65536", path)
		if r.status != 0 || r.stderr != "" {
			t.Fatalf("%s -c: status %d, stderr %q", prog, r.status, r.stderr)
		}
		m := verboseBlock.FindStringSubmatch(r.stdout)
		if m == nil || m[1] != "4096" || m[2] != "65536" || m[3] != "16" || m[4] != "create" || m[5] != path {
			t.Errorf("%s -c output:\n%s", prog, r.stdout)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) != 65536 || !bytes.Equal(data, make([]byte, 65536)) {
			t.Errorf("%s -c wrote %d bytes, want 65536 zero bytes", prog, len(data))
		}

		// A new file gets mode 0600 (under the usual umask 022).
		os.Remove(path)
		old := syscall.Umask(022)
		r = run(t, dir, prog, "-c", path)
		syscall.Umask(old)
		fi, err := os.Stat(path)
		if r.status != 0 || err != nil {
			t.Fatalf("%s -c (defaults): status %d, stderr %q, stat %v", prog, r.status, r.stderr, err)
		}
		if fi.Mode().Perm() != 0600 || fi.Size() != DefaultTotalSize {
			t.Errorf("%s -c created mode %v size %d; want -rw------- %d", prog, fi.Mode().Perm(), fi.Size(), DefaultTotalSize)
		}
		if m := verboseBlock.FindStringSubmatch(r.stdout); m == nil || m[1] != "16384" || m[2] != "16777216" || m[3] != "1024" {
			t.Errorf("%s -c (defaults) output:\n%s", prog, r.stdout)
		}
	}
}

func TestReadWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "iofile")
	if r := run(t, dir, "io-static", "-c", "-t", "1048576", "iofile"); r.status != 0 {
		t.Fatalf("io-static -c: %+v", r)
	}
	for _, prog := range []string{"io-static", "io-dynamic"} {
		for _, op := range []string{"read", "write"} {
			flag := "-" + op[:1]
			// -v: the block, then the rate line, which is totalsize/time/1024.
			r := run(t, dir, prog, flag, "-B", "-v", "-b", "8192", "-t", "1048576", "iofile")
			m := verboseBlock.FindStringSubmatch(r.stdout)
			if r.status != 0 || r.stderr != "" || m == nil {
				t.Fatalf("%s %s -B -v: status %d, stderr %q, stdout:\n%s", prog, flag, r.status, r.stderr, r.stdout)
			}
			if m[1] != "8192" || m[2] != "1048576" || m[3] != "128" || m[4] != op || m[5] != "iofile" {
				t.Errorf("%s %s -v block:\n%s", prog, flag, r.stdout)
			}
			var sec, nsec int64
			fmt.Sscanf(strings.Replace(m[6], ".", " ", 1), "%d %d", &sec, &nsec)
			if want := rateLine(1048576, sec, nsec); !strings.HasSuffix(r.stdout, want) {
				t.Errorf("%s %s: rate line %q; want %q from time %s", prog, flag, r.stdout, want, m[6])
			}
			// Without -v: just the rate line; with -q: nothing at all.
			r = run(t, dir, prog, flag, "-B", "-b", "8192", "-t", "1048576", "iofile")
			if r.status != 0 || !regexp.MustCompile(`^\d+\.\d\d KBytes/sec\n$`).MatchString(r.stdout) {
				t.Errorf("%s %s -B: status %d, stdout %q", prog, flag, r.status, r.stdout)
			}
			r = run(t, dir, prog, flag, "-B", "-q", "-s", "-t", "1048576", "iofile")
			if r.status != 0 || r.stdout != "" || r.stderr != "" {
				t.Errorf("%s %s -B -q -s: status %d, stdout %q, stderr %q", prog, flag, r.status, r.stdout, r.stderr)
			}
		}
	}
	// Neither mode creates, truncates or extends the file.
	if fi, err := os.Stat(path); err != nil || fi.Size() != 1048576 {
		t.Errorf("after the runs: %v, %v; want the 1048576-byte file unchanged in size", fi, err)
	}
}

// Without -B the run fsyncs, syncs and sleeps a second before the first timestamp; the
// sleep must not be counted in the reported time.
func TestPreparation(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, dir, "io-static", "-c", "-t", "65536", "iofile"); r.status != 0 {
		t.Fatalf("io-static -c: %+v", r)
	}
	begin := time.Now()
	r := run(t, dir, "io-static", "-r", "-v", "-t", "65536", "iofile")
	elapsed := time.Since(begin)
	m := verboseBlock.FindStringSubmatch(r.stdout)
	if r.status != 0 || m == nil {
		t.Fatalf("io-static -r -v: %+v", r)
	}
	if elapsed < time.Second {
		t.Errorf("io-static -r took %v; want at least the one-second preparatory sleep", elapsed)
	}
	if !strings.HasPrefix(m[6], "0.") {
		t.Errorf("time %s includes the preparatory sleep", m[6])
	}
	begin = time.Now()
	if r := run(t, dir, "io-static", "-r", "-B", "-t", "65536", "iofile"); r.status != 0 {
		t.Fatalf("io-static -r -B: %+v", r)
	}
	if elapsed := time.Since(begin); elapsed >= time.Second {
		t.Errorf("io-static -r -B took %v; bare mode must not sleep", elapsed)
	}
}

func TestFailures(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, dir, "io-static", "-c", "-t", "65536", "short"); r.status != 0 {
		t.Fatalf("io-static -c: %+v", r)
	}
	readonly := filepath.Join(dir, "readonly")
	os.WriteFile(readonly, nil, 0400)
	tests := []struct {
		args   []string
		status int
		stderr string
	}{
		{[]string{"-r", "missing"}, ExitNoInput, "FAIL: missing: No such file or directory\n"},
		{[]string{"-w", "missing"}, ExitNoInput, "FAIL: missing: No such file or directory\n"},
		{[]string{"-r", "-t", "1000", "short"}, ExitUsage, "FAIL: data size (1000) is not a multiple of buffersize (16384)\n"},
		{[]string{"-c", "-b", "3", "-t", "10", "x"}, ExitUsage, "FAIL: data size (10) is not a multiple of buffersize (3)\n"},
		{[]string{"-r", "-B", "short"}, ExitIOErr, "FAIL: partial read\n"},
		{[]string{"-r", "-B", "."}, ExitIOErr, "FAIL: read: Is a directory\n"},
		{[]string{"-w", "-B", "/dev/full"}, ExitIOErr, "FAIL: write: No space left on device\n"},
		{[]string{"-r", "-B", "-b", "9223372036854775807", "-t", "9223372036854775807", "short"}, ExitOSErr, "FAIL: calloc: Cannot allocate memory\n"},
	}
	if !testroot.IsRoot() { // root writes a read-only file
		tests = append(tests, struct {
			args   []string
			status int
			stderr string
		}{[]string{"-w", readonly}, ExitNoInput, "FAIL: " + readonly + ": Permission denied\n"})
	}
	for _, prog := range []string{"io-static", "io-dynamic"} {
		for _, tt := range tests {
			r := run(t, dir, prog, tt.args...)
			if want := errName(prog) + ": " + tt.stderr; r.status != tt.status || r.stderr != want || r.stdout != "" {
				t.Errorf("%s %q: status %d, stderr %q, stdout %q; want %d, %q", prog, tt.args, r.status, r.stderr, r.stdout, tt.status, want)
			}
		}
	}
}

// directDir returns a directory on a file system that accepts O_DIRECT and whose O_DIRECT
// alignment DirectAlignment can find (a block-device-backed one: tmpfs may accept O_DIRECT
// but has no device and no STATX_DIOALIGN).
func directDir(t *testing.T) string {
	t.Helper()
	wd, _ := os.Getwd()
	for _, dir := range []string{t.TempDir(), "/var/tmp", wd} {
		d, err := os.MkdirTemp(dir, "iobench-direct-")
		if err != nil {
			continue
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		p := filepath.Join(d, "probe")
		if err := os.WriteFile(p, make([]byte, 4096), 0600); err != nil {
			continue
		}
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_DIRECT, 0)
		if err != nil {
			continue
		}
		align, _ := DirectAlignment(fd)
		syscall.Close(fd)
		if align > 0 {
			return d
		}
	}
	t.Skip("no directory here (the test directory, /var/tmp, the package directory) is on a block-device file system that supports O_DIRECT")
	return ""
}

func TestDirect(t *testing.T) {
	dir := directDir(t)
	if r := run(t, dir, "io-static", "-c", "-t", "1048576", "iofile"); r.status != 0 {
		t.Fatalf("io-static -c: %+v", r)
	}
	fd, err := syscall.Open(filepath.Join(dir, "iofile"), syscall.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	align, source := DirectAlignment(fd)
	syscall.Close(fd)
	if align < 512 || align&(align-1) != 0 {
		t.Fatalf("DirectAlignment = %d (%s); want a power of two >= 512", align, source)
	}
	t.Logf("O_DIRECT alignment %d: %s", align, source)
	for _, prog := range []string{"io-static", "io-dynamic"} {
		for _, flag := range []string{"-r", "-w"} {
			// Aligned: every block is transferred.
			bs := fmt.Sprint(align * 2)
			r := run(t, dir, prog, flag, "-d", "-B", "-v", "-b", bs, "-t", "1048576", "iofile")
			m := verboseBlock.FindStringSubmatch(r.stdout)
			if r.status != 0 || m == nil || m[1] != bs {
				t.Errorf("%s %s -d -b %s: status %d, stdout %q, stderr %q", prog, flag, bs, r.status, r.stdout, r.stderr)
			}
			// Unaligned: refused up front with the reason, not EINVAL from read/write.
			bad := fmt.Sprint(align + align/2)
			total := fmt.Sprint((align + align/2) * 16)
			r = run(t, dir, prog, flag, "-d", "-B", "-b", bad, "-t", total, "iofile")
			want := fmt.Sprintf("%s: FAIL: -d: buffersize (%s) is not a multiple of iofile's O_DIRECT block size (%d, %s)\n", errName(prog), bad, align, source)
			if r.status != ExitUsage || r.stderr != want || r.stdout != "" {
				t.Errorf("%s %s -d -b %s: status %d, stderr %q; want 64, %q", prog, flag, bad, r.status, r.stderr, want)
			}
		}
	}
}

// -d on a file whose file system refuses O_DIRECT (procfs) fails to open, with a note.
func TestDirectUnsupported(t *testing.T) {
	for _, prog := range []string{"io-static", "io-dynamic"} {
		r := run(t, t.TempDir(), prog, "-r", "-d", "-B", "/proc/self/status")
		want := errName(prog) + ": FAIL: /proc/self/status: Invalid argument (-d: O_DIRECT is not supported for this file)\n"
		if r.status != ExitNoInput || r.stderr != want {
			t.Errorf("%s -r -d /proc/self/status: status %d, stderr %q; want 66, %q", prog, r.status, r.stderr, want)
		}
	}
}

// On a file system whose O_DIRECT alignment cannot be found (tmpfs: no block device, no
// STATX_DIOALIGN), -d does not guess: the run goes ahead and the kernel decides.
func TestDirectUnknownAlignment(t *testing.T) {
	dir, err := os.MkdirTemp("/dev/shm", "iobench-")
	if err != nil {
		t.Skipf("no /dev/shm: %v", err)
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "iofile")
	if r := run(t, dir, "io-static", "-c", "-b", "1000", "-t", "64000", p); r.status != 0 {
		t.Fatalf("io-static -c: %+v", r)
	}
	fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_DIRECT, 0)
	if err != nil {
		t.Skipf("this kernel's tmpfs refuses O_DIRECT (%v)", err)
	}
	align, source := DirectAlignment(fd)
	syscall.Close(fd)
	if align != 0 {
		t.Skipf("/dev/shm reports an O_DIRECT alignment (%d, %s); nothing unknown to test", align, source)
	}
	r := run(t, dir, "io-static", "-r", "-d", "-B", "-q", "-b", "1000", "-t", "64000", p)
	if r.status != 0 || r.stderr != "" {
		t.Errorf("io-static -r -d -b 1000 on tmpfs: status %d, stderr %q; want the kernel to accept it", r.status, r.stderr)
	}
}

// -d on a block device: the alignment is the device's logical block size (BLKSSZGET). The
// device is a loop device over a file in the test's directory.
func TestDirectBlockDevice(t *testing.T) {
	losetup, err := exec.LookPath("losetup")
	if err != nil {
		t.Skip("losetup is not installed; no block device to test -d on")
	}
	testroot.Require(t, "attaching a loop device")
	dir := t.TempDir()
	img := filepath.Join(dir, "disk.img")
	if r := run(t, dir, "io-static", "-c", "-t", "1048576", img); r.status != 0 {
		t.Fatalf("io-static -c: %+v", r)
	}
	out, err := exec.Command(losetup, "-f", "--show", img).Output()
	if err != nil {
		t.Skipf("losetup -f --show: %v (no loop devices here)", err)
	}
	dev := strings.TrimSpace(string(out))
	defer exec.Command(losetup, "-d", dev).Run()
	fd, err := syscall.Open(dev, syscall.O_RDONLY|syscall.O_DIRECT, 0)
	if err != nil {
		t.Skipf("opening %s: %v", dev, err)
	}
	align, source := DirectAlignment(fd)
	syscall.Close(fd)
	if align < 512 || source != "the device's logical block size" {
		t.Fatalf("DirectAlignment(%s) = %d, %q; want the device's logical block size", dev, align, source)
	}
	if r := run(t, dir, "io-static", "-r", "-d", "-B", "-q", "-b", fmt.Sprint(align), "-t", "1048576", dev); r.status != 0 {
		t.Errorf("io-static -r -d -b %d %s: %+v", align, dev, r)
	}
	r := run(t, dir, "io-static", "-r", "-d", "-B", "-b", "1000", "-t", "64000", dev)
	want := fmt.Sprintf(errName("io-static")+": FAIL: -d: buffersize (1000) is not a multiple of %s's O_DIRECT block size (%d, the device's logical block size)\n", dev, align)
	if r.status != ExitUsage || r.stderr != want {
		t.Errorf("io-static -r -d -b 1000 %s: status %d, stderr %q; want 64, %q", dev, r.status, r.stderr, want)
	}
}
