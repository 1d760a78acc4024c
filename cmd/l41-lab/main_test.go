package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/internal/testroot"
)

// build builds package pkg as dir/out, with env added to the environment.
func build(t *testing.T, dir, out, pkg string, env ...string) string {
	t.Helper()
	bin := filepath.Join(dir, out)
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", pkg, err, b)
	}
	return bin
}

// TestBadSizes: a -sizes list with a size that is not a positive number is refused before
// anything runs (no tracing: it runs as any user).
func TestBadSizes(t *testing.T) {
	dir := t.TempDir()
	harness := build(t, dir, "l41-lab", "github.com/godtrace/godtrace/cmd/l41-lab")
	for _, bad := range []string{"x", "0", "-512"} {
		cmd := exec.Command(harness, "-sizes", "4096, "+bad, "-file", filepath.Join(dir, "iofile"), "-out", filepath.Join(dir, "out"))
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		want := fmt.Sprintf("l41-lab: bad buffer size %q\n", " "+bad)
		if cmd.ProcessState.ExitCode() != 1 || stderr.String() != want || stdout.Len() != 0 {
			t.Errorf("-sizes '4096, %s': %v, stdout %q, stderr %q; want exit status 1 and %q", bad, err, stdout.String(), stderr.String(), want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "iofile")); !os.IsNotExist(err) {
		t.Errorf("the data file was created before the sizes were checked: %v", err)
	}
}

// TestLabSweep replays a small notebook sweep end to end through the real binaries: godtrace
// runs the lab's script unchanged while io-static runs, and the harness reduces the records.
func TestLabSweep(t *testing.T) {
	testroot.Require(t, "tracing the lab's sweep (godtrace loads eBPF programs)")
	dir := t.TempDir()
	godtrace := build(t, dir, "godtrace", "github.com/godtrace/godtrace/cmd/godtrace")
	iostatic := build(t, dir, "io-static", "github.com/godtrace/godtrace/cmd/io-static", "CGO_ENABLED=0")
	harness := build(t, dir, "l41-lab", "github.com/godtrace/godtrace/cmd/l41-lab")
	script, _ := filepath.Abs("../../examples/io_performance.d")
	const total = 1 << 20
	cmd := exec.Command(harness, "-godtrace", godtrace, "-s", script, "-bench", iostatic,
		"-mode", "read", "-file", filepath.Join(dir, "iofile"), "-t", strconv.Itoa(total),
		"-sizes", "4096,65536", "-trials", "3", "-out", filepath.Join(dir, "out"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("l41-lab: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "buffersize,median_kib_s") {
		t.Fatalf("CSV:\n%s", out)
	}
	for i, size := range []string{"4096", "65536"} {
		f := strings.Split(lines[i+1], ",")
		if f[0] != size || f[len(f)-1] != "3" {
			t.Errorf("row %d = %q, want buffer size %s with 3 trials", i, lines[i+1], size)
		}
		med, err := strconv.ParseFloat(f[1], 64)
		// 1 MiB read from the page cache: at least 10 MiB/s, at most 1 TiB/s.
		if err != nil || med < 10*1024 || med > 1<<30 {
			t.Errorf("median bandwidth %q KiB/s is implausible", f[1])
		}
	}
	if n := strings.Count(stderr.String(), `{"timestamp": `); n != 6 {
		t.Errorf("harness showed %d runs, want 6:\n%s", n, stderr.String())
	}
	for _, ext := range []string{".csv", ".png", ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, "out", "io-static-read"+ext)); err != nil {
			t.Error(err)
		}
	}
}
