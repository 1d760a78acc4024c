package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/internal/testroot"
)

// TestLabSweep replays a small notebook sweep end to end through the real binaries: godtrace
// runs the lab's script unchanged while io-static runs, and the harness reduces the records.
func TestLabSweep(t *testing.T) {
	testroot.Require(t, "tracing the lab's sweep (godtrace loads eBPF programs)")
	dir := t.TempDir()
	build := func(out, pkg string, env ...string) string {
		bin := filepath.Join(dir, out)
		cmd := exec.Command("go", "build", "-o", bin, pkg)
		cmd.Env = append(os.Environ(), env...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", pkg, err, b)
		}
		return bin
	}
	godtrace := build("godtrace", "github.com/godtrace/godtrace/cmd/godtrace")
	iostatic := build("io-static", "github.com/godtrace/godtrace/cmd/io-static", "CGO_ENABLED=0")
	harness := build("l41-lab", "github.com/godtrace/godtrace/cmd/l41-lab")
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
	for _, ext := range []string{".csv", ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, "out", "io-static-read"+ext)); err != nil {
			t.Error(err)
		}
	}
}
