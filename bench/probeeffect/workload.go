// This file implements building and running the C read-loop workload.

package probeeffect

import (
	"bufio"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

//go:embed testdata/workload.c
var workloadSource string

// WorkloadCPU is the CPU the workload pins itself to; tracers run on TracerCPU.
const (
	WorkloadCPU = 1
	TracerCPU   = 0
)

// Workload is the compiled read loop.
type Workload struct {
	Path string // the executable
	Dir  string // its temporary directory, holding result files
	N    int    // read calls per run
	seq  int
}

// Result is one run of the loop as the workload timed it.
type Result struct {
	Calls   int
	Elapsed time.Duration // wall clock (CLOCK_MONOTONIC)
	CPU     time.Duration // the loop thread's CPU time (CLOCK_THREAD_CPUTIME_ID)
}

// PerCall is the loop's CPU cost per read call in nanoseconds: the number the tables use,
// because it counts the programs run in the read's path and not the time other tasks
// held the CPU (this machine is shared).
func (r Result) PerCall() float64 { return float64(r.CPU.Nanoseconds()) / float64(r.Calls) }

// WallPerCall is the loop's wall-clock time per read call in nanoseconds.
func (r Result) WallPerCall() float64 { return float64(r.Elapsed.Nanoseconds()) / float64(r.Calls) }

// BuildWorkload compiles workload.c with the machine's gcc into dir.
func BuildWorkload(dir string, n int) (*Workload, error) {
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		return nil, fmt.Errorf("build workload: gcc not found (apt-get install gcc libc6-dev): %w", err)
	}
	src := filepath.Join(dir, "workload.c")
	if err := os.WriteFile(src, []byte(workloadSource), 0o644); err != nil {
		return nil, fmt.Errorf("build workload: %w", err)
	}
	bin := filepath.Join(dir, "workload")
	out, err := exec.Command(gcc, "-O2", "-Wall", "-o", bin, src).CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("build workload: gcc: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return &Workload{Path: bin, Dir: dir, N: n}, nil
}

// NewResultFile returns a fresh path for one run's result.
func (w *Workload) NewResultFile() string {
	w.seq++
	p := filepath.Join(w.Dir, fmt.Sprintf("result-%d", w.seq))
	os.Remove(p)
	return p
}

// Argv is the command line that runs the loop ungated, writing its result to resultFile;
// tracers start it themselves (-c).
func (w *Workload) Argv(resultFile string) []string {
	return []string{w.Path, strconv.Itoa(w.N), strconv.Itoa(WorkloadCPU), resultFile}
}

// ReadResult reads the line a finished run wrote.
func ReadResult(resultFile string) (Result, error) {
	b, err := os.ReadFile(resultFile)
	if err != nil {
		return Result{}, fmt.Errorf("workload result: %w", err)
	}
	var n int
	var ns, cpu int64
	if _, err := fmt.Sscanf(string(b), "%d %d %d", &n, &ns, &cpu); err != nil || n <= 0 || cpu <= 0 {
		return Result{}, fmt.Errorf("workload result %q: malformed", strings.TrimSpace(string(b)))
	}
	return Result{Calls: n, Elapsed: time.Duration(ns), CPU: time.Duration(cpu)}, nil
}

// RunGated starts the loop, calls arm with its pid while it waits, then lets it run.
// arm returns a function that disarms (called after the loop ends) or an error.
// A nil arm runs the loop untraced.
func (w *Workload) RunGated(arm func(pid int) (disarm func() error, err error)) (Result, error) {
	resultFile := w.NewResultFile()
	cmd := exec.Command(w.Path, strconv.Itoa(w.N), strconv.Itoa(WorkloadCPU), resultFile, "gate")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return Result{}, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return Result{}, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return Result{}, fmt.Errorf("start workload: %w", err)
	}
	fail := func(err error) (Result, error) {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
		return Result{}, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		return fail(fmt.Errorf("workload did not report its pid: %v %s", err, stderr.String()))
	}
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid != cmd.Process.Pid {
		return fail(fmt.Errorf("workload reported pid %q, started %d", line, cmd.Process.Pid))
	}
	disarm := func() error { return nil }
	if arm != nil {
		d, err := arm(pid)
		if err != nil {
			return fail(err)
		}
		disarm = d
	}
	if _, err := stdin.Write([]byte{'g'}); err != nil {
		disarm()
		return fail(fmt.Errorf("release workload: %w", err))
	}
	stdin.Close()
	werr := cmd.Wait()
	derr := disarm()
	if werr != nil {
		return Result{}, fmt.Errorf("workload: %v: %s", werr, strings.TrimSpace(stderr.String()))
	}
	if derr != nil {
		return Result{}, derr
	}
	return ReadResult(resultFile)
}
