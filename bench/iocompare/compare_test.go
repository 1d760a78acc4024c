// This file implements the io-static versus C bandwidth benchmark.

package iocompare

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

var sizes = []int64{512, 1 << 10, 2 << 10, 4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10, 128 << 10, 256 << 10, 512 << 10, 1 << 20}

// programs are the two benchmark binaries.
type programs struct {
	goBin, cBin, cLink string
}

func build(b *testing.B, dir string) programs {
	b.Helper()
	var p programs
	// Both programs run under one neutral command name, "iocompare", each in its own
	// directory. This machine is shared with the tracer's own tests, which attach D
	// programs keyed by execname == "io-static"; a program under that name pays for them
	// on every system call (measured: about 300 ns per read for the C loop). Under a name
	// nobody traces, both run clean, and anything keyed by name treats them alike.
	for _, sub := range []string{"go", "c"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0755); err != nil {
			b.Fatal(err)
		}
	}
	p.goBin = filepath.Join(dir, "go", "iocompare")
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", p.goBin, "github.com/godtrace/godtrace/cmd/io-static")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("building io-static: %v\n%s", err, out)
	}
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		b.Skip("gcc is not installed: the C loop cannot be built")
	}
	p.cBin = filepath.Join(dir, "c", "iocompare")
	p.cLink = "static"
	if out, err := exec.Command(gcc, "-O2", "-static", "-o", p.cBin, "testdata/loop.c").CombinedOutput(); err != nil {
		b.Logf("gcc -static failed (%v; %s); linking the C loop dynamically", err, bytes.TrimSpace(out))
		p.cLink = "dynamic"
		if out, err := exec.Command(gcc, "-O2", "-o", p.cBin, "testdata/loop.c").CombinedOutput(); err != nil {
			b.Fatalf("gcc loop.c: %v\n%s", err, out)
		}
	}
	return p
}

// runGo runs io-static in bare, verbose mode and returns the loop's time from its -v block.
func runGo(b *testing.B, p programs, op string, size, total int64, path string) time.Duration {
	out, err := exec.Command(p.goBin, "-"+op, "-B", "-v", "-b", strconv.FormatInt(size, 10), "-t", strconv.FormatInt(total, 10), path).Output()
	if err != nil {
		b.Fatalf("io-static -%s -b %d: %v", op, size, err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if t, ok := strings.CutPrefix(line, "  time: "); ok {
			return parseTime(b, t)
		}
	}
	b.Fatalf("io-static printed no time: %q", out)
	return 0
}

// runC runs the C loop, which prints only the loop's time.
func runC(b *testing.B, p programs, op string, size, total int64, path string) time.Duration {
	out, err := exec.Command(p.cBin, op, strconv.FormatInt(size, 10), strconv.FormatInt(total, 10), path).Output()
	if err != nil {
		b.Fatalf("loop %s %d: %v", op, size, err)
	}
	return parseTime(b, strings.TrimSpace(string(out)))
}

func parseTime(b *testing.B, s string) time.Duration {
	sec, nsec, ok := strings.Cut(s, ".")
	si, err1 := strconv.ParseInt(sec, 10, 64)
	ni, err2 := strconv.ParseInt(nsec, 10, 64)
	if !ok || err1 != nil || err2 != nil || len(nsec) != 9 {
		b.Fatalf("bad time %q", s)
	}
	return time.Duration(si)*time.Second + time.Duration(ni)
}

func envInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil && v > 0 {
		return v
	}
	return def
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// cell holds one (operation, size) cell's rounds.
type cell struct {
	goBW, cBW, ratio, control []float64 // MiB/s, MiB/s, Go/C, C/C' per round
}

// pin binds the calling goroutine's thread, and so the programs it starts (they inherit
// its CPU affinity), to one CPU: IOCOMPARE_CPU, by default the last one; "none" leaves
// the scheduler free. It returns a description for the report.
func pin(b *testing.B) string {
	v := os.Getenv("IOCOMPARE_CPU")
	if v == "none" {
		return "not pinned"
	}
	cpu := runtime.NumCPU() - 1
	if n, err := strconv.Atoi(v); err == nil {
		cpu = n
	}
	runtime.LockOSThread()
	var set unix.CPUSet
	set.Set(cpu)
	if err := unix.SchedSetaffinity(0, &set); err != nil {
		b.Fatalf("pinning to CPU %d: %v", cpu, err)
	}
	return fmt.Sprintf("both pinned to CPU %d", cpu)
}

func BenchmarkIOStaticVsC(b *testing.B) {
	rounds := int(envInt("IOCOMPARE_ROUNDS", 21))
	total := envInt("IOCOMPARE_TOTAL", 16<<20)
	dir := os.Getenv("IOCOMPARE_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	p := build(b, b.TempDir())
	data, err := os.CreateTemp(dir, "iocompare-")
	if err != nil {
		b.Fatal(err)
	}
	data.Close()
	path := data.Name()
	defer os.Remove(path)
	if out, err := exec.Command(p.goBin, "-c", "-t", strconv.FormatInt(total, 10), path).CombinedOutput(); err != nil {
		b.Fatalf("io-static -c: %v\n%s", err, out)
	}

	pinned := pin(b)
	defer runtime.UnlockOSThread()
	ops := []string{"r", "w"}
	for b.Loop() {
		cells := map[string][]cell{"r": make([]cell, len(sizes)), "w": make([]cell, len(sizes))}
		// Warm up: the page cache, the binaries, the CPU.
		for _, op := range ops {
			for _, size := range sizes {
				runGo(b, p, op, size, total, path)
				runC(b, p, op, size, total, path)
			}
		}
		for round := range rounds {
			for _, op := range ops {
				for i, size := range sizes {
					// Go, C and C again (the control), in an order that rotates.
					var g, c, c2 time.Duration
					switch round % 3 {
					case 0:
						g = runGo(b, p, op, size, total, path)
						c = runC(b, p, op, size, total, path)
						c2 = runC(b, p, op, size, total, path)
					case 1:
						c = runC(b, p, op, size, total, path)
						c2 = runC(b, p, op, size, total, path)
						g = runGo(b, p, op, size, total, path)
					case 2:
						c2 = runC(b, p, op, size, total, path)
						g = runGo(b, p, op, size, total, path)
						c = runC(b, p, op, size, total, path)
					}
					mib := float64(total) / (1 << 20)
					cl := &cells[op][i]
					cl.goBW = append(cl.goBW, mib/g.Seconds())
					cl.cBW = append(cl.cBW, mib/c.Seconds())
					cl.ratio = append(cl.ratio, c.Seconds()/g.Seconds())
					cl.control = append(cl.control, c2.Seconds()/c.Seconds())
				}
			}
		}
		report(b, p, pinned, rounds, total, cells)
	}
}

func report(b *testing.B, p programs, pinned string, rounds int, total int64, cells map[string][]cell) {
	var w strings.Builder
	fmt.Fprintf(&w, "\nio-static (Go, CGO_ENABLED=0) vs C loop (gcc -O2, %s linked), page cache, totalsize %d, %s,\n", p.cLink, total, pinned)
	fmt.Fprintf(&w, "%d interleaved rounds of Go, C, C' (order rotating); medians over rounds\n\n", rounds)
	fmt.Fprintf(&w, "| buffer size | read Go MiB/s | read C MiB/s | read Go/C | read C/C' | write Go MiB/s | write C MiB/s | write Go/C | write C/C' |\n")
	fmt.Fprintf(&w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	worst := 10.0
	for i, size := range sizes {
		r, wr := cells["r"][i], cells["w"][i]
		rr, wrr := median(r.ratio), median(wr.ratio)
		worst = min(worst, rr, wrr)
		fmt.Fprintf(&w, "| %d | %.0f | %.0f | %.3f | %.3f | %.0f | %.0f | %.3f | %.3f |\n", size,
			median(r.goBW), median(r.cBW), rr, median(r.control), median(wr.goBW), median(wr.cBW), wrr, median(wr.control))
	}
	fmt.Fprintf(&w, "\nworst Go/C: %.3f (goal >= 0.97)\n", worst)
	fmt.Print(w.String())
	b.ReportMetric(worst, "worst-Go/C")
}
