// This file implements running an external tracer (bpftrace or godtrace) as a user would:
// from its command line, pinned to the tracer CPU, with the workload started by the
// tracer itself (-c) or alongside it.

package probeeffect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Tool is an external tracer.
type Tool struct {
	Name string
	Path string
	Env  []string // extra environment
	// Unavailable is why the tool cannot run at all (nil when it can).
	Unavailable error
	// Note is shown beside the tool's rows (e.g. "installed bpftrace with apt-get").
	Note string
}

// Clause is one script a tool runs over the workload.
type Clause struct {
	Pattern Pattern
	Label   string // as printed, e.g. "/pid == $target/ {}"
	Script  string // the script text (for the file the tool reads)
	File    string // a script file to run instead of Script
}

// errTail keeps the last lines of a tracer's stderr for error messages, without the
// noise every bpftrace run prints here.
func errTail(stderr []byte) string {
	var keep []string
	for _, l := range strings.Split(strings.TrimSpace(string(stderr)), "\n") {
		if strings.Contains(l, "RLIMIT_MEMLOCK") || strings.TrimSpace(l) == "" {
			continue
		}
		keep = append(keep, strings.TrimSpace(l))
	}
	if len(keep) > 3 {
		keep = keep[len(keep)-3:]
	}
	return strings.Join(keep, " | ")
}

// limitedBuffer keeps at most max bytes (the first ones); tracer output is not needed
// beyond checking it.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		if len(p) > room {
			b.Buffer.Write(p[:room])
		} else {
			b.Buffer.Write(p)
		}
	}
	return len(p), nil
}

// scriptFile writes a clause's script into dir and returns its path.
func scriptFile(dir, name, text string) (string, error) {
	p := filepath.Join(dir, name)
	return p, os.WriteFile(p, []byte(text), 0o644)
}

// tracerCommand builds `taskset -c TracerCPU tool args...`.
func (t *Tool) command(ctx context.Context, args ...string) *exec.Cmd {
	argv := append([]string{"-c", strconv.Itoa(TracerCPU), t.Path}, args...)
	cmd := exec.CommandContext(ctx, "taskset", argv...)
	cmd.Env = append(os.Environ(), t.Env...)
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// RunTraced runs the workload under the tool with the clause, the tool starting the
// workload with -c (so cpid / $target name it) and exiting when it exits.
// started, when not nil, is called with the tracer's pid once it has started.
func (t *Tool) RunTraced(w *Workload, c Clause, started func(pid int)) (Result, error) {
	if t.Unavailable != nil {
		return Result{}, t.Unavailable
	}
	file := c.File
	if file == "" {
		var err error
		file, err = scriptFile(w.Dir, fmt.Sprintf("%s-%d.script", t.Name, c.Pattern), c.Script)
		if err != nil {
			return Result{}, err
		}
	}
	resultFile := w.NewResultFile()
	var args []string
	switch t.Name {
	case "bpftrace":
		args = []string{file}
	default: // godtrace, dtrace(1) options
		args = []string{"-q", "-s", file}
	}
	args = append(args, "-c", strings.Join(w.Argv(resultFile), " "))
	ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
	defer cancel()
	cmd := t.command(ctx, args...)
	stdout := &limitedBuffer{max: 64 << 10}
	stderr := &limitedBuffer{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = stdout, stderr
	err := cmd.Start()
	if err == nil {
		if started != nil {
			started(cmd.Process.Pid)
		}
		err = cmd.Wait()
	}
	if ctx.Err() != nil {
		return Result{}, fmt.Errorf("timed out after 3m: %s", errTail(stderr.Bytes()))
	}
	if err != nil {
		return Result{}, fmt.Errorf("%v: %s", err, errTail(stderr.Bytes()))
	}
	r, rerr := ReadResult(resultFile)
	if rerr != nil {
		return Result{}, fmt.Errorf("the workload did not run under it (%v): %s", rerr, errTail(stderr.Bytes()))
	}
	return r, nil
}

// Startup is one start-up measurement of a tracer.
type Startup struct {
	Armed  time.Duration // command start to the armed marker (0 when not measured)
	Exit   time.Duration // command start to exit (for scripts that exit by themselves)
	Detach time.Duration // SIGINT to exit
	MaxRSS int64         // peak resident set size, KiB (wait4 rusage)
	CPU    time.Duration // user + system CPU time of the tracer (wait4 rusage)
	// Checked tells whether the probes were seen firing after the armed marker (the
	// marker is only sound when they were).
	Checked bool
	// Resent counts SIGINTs sent again because the tracer had not exited 5 s after one.
	Resent int
}

// StartupScript is a start-up scenario.
type StartupScript struct {
	Name   string
	Script string
	// Armed: the script prints "armed" from BEGIN; the harness then makes the syscalls in
	// Calls and stops the tracer with SIGINT. Otherwise the script exits by itself.
	Armed bool
	// Probe: from the tracer's start the harness calls getpgid(k), k = 1, 2, ..., every
	// millisecond until the output shows "seen N" (the script prints getpgid's argument);
	// armed is when the smallest N seen was called, so the tracer's output latency does
	// not count. Then as Armed.
	Probe bool
	Calls []string // syscalls the harness makes once armed; each name must appear in the output
	Args  []string // extra arguments before the script file
}

// MeasureStartup runs the tool once with the script.
func (t *Tool) MeasureStartup(dir string, s StartupScript) (Startup, error) {
	if t.Unavailable != nil {
		return Startup{}, t.Unavailable
	}
	file, err := scriptFile(dir, t.Name+"-startup.script", s.Script)
	if err != nil {
		return Startup{}, err
	}
	args := append([]string{}, s.Args...)
	if t.Name == "bpftrace" {
		args = append(args, file)
	} else {
		args = append(args, "-q", "-s", file)
	}
	ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
	defer cancel()
	cmd := t.command(ctx, args...)
	stderr := &limitedBuffer{max: 64 << 10}
	cmd.Stderr = stderr
	pr, pw, err := os.Pipe()
	if err != nil {
		return Startup{}, err
	}
	cmd.Stdout = pw
	armed := make(chan time.Time, 1)
	outDone := make(chan string, 1)
	marker := "armed\n"
	if s.Probe {
		marker = "seen "
	}
	go func() {
		var all strings.Builder
		buf := make([]byte, 32<<10)
		sent := false
		for {
			n, err := pr.Read(buf)
			now := time.Now()
			if all.Len() < 1<<20 {
				all.Write(buf[:n])
			}
			if !sent && strings.Contains(all.String(), marker) {
				armed <- now
				sent = true
			}
			if err != nil {
				break
			}
		}
		outDone <- all.String()
	}()
	var st Startup
	t0 := time.Now()
	err = cmd.Start()
	pw.Close()
	if err != nil {
		pr.Close()
		return Startup{}, err
	}
	exited := make(chan error, 1)
	var tExit time.Time
	go func() {
		err := cmd.Wait()
		tExit = time.Now()
		exited <- err
	}()
	var werr error
	var probes []time.Time // probes[k-1]: when getpgid(k) was called
	if s.Armed || s.Probe {
		tick := time.NewTicker(time.Millisecond)
	arming:
		for {
			if s.Probe {
				probes = append(probes, time.Now())
				syscall.Getpgid(len(probes))
			}
			select {
			case ta := <-armed:
				st.Armed = ta.Sub(t0)
				break arming
			case werr = <-exited:
				tick.Stop()
				out := <-outDone
				return Startup{}, fmt.Errorf("exited before it was armed (%v): %s %s", werr, errTail(stderr.Bytes()), strings.TrimSpace(out))
			case <-tick.C:
			}
		}
		tick.Stop()
		for _, c := range s.Calls {
			if err := callByName(c); err != nil {
				cmd.Process.Kill()
				<-exited
				return Startup{}, err
			}
		}
		// The tracer stays armed for a moment, as it would before a user's Ctrl-C.
		// bpftrace 0.17 sometimes ignores a SIGINT and runs on until killed; a tracer
		// that is detaching closes descriptors as it goes, so one whose descriptor count
		// did not change in 5 s is sent SIGINT again, and detach is timed from the signal
		// that stopped it.
		time.Sleep(settle)
		tSig := time.Now()
		cmd.Process.Signal(syscall.SIGINT)
		fds := countFDs(cmd.Process.Pid)
	wait:
		for {
			select {
			case werr = <-exited:
				break wait
			case <-time.After(5 * time.Second):
				if now := countFDs(cmd.Process.Pid); now != fds {
					fds = now
					continue
				}
				st.Resent++
				tSig = time.Now()
				cmd.Process.Signal(syscall.SIGINT)
			}
		}
		st.Detach = tExit.Sub(tSig)
	} else {
		werr = <-exited
	}
	st.Exit = tExit.Sub(t0)
	out := <-outDone
	if ctx.Err() != nil {
		return Startup{}, fmt.Errorf("timed out: %s", errTail(stderr.Bytes()))
	}
	if werr != nil {
		return Startup{}, fmt.Errorf("%v: %s", werr, errTail(stderr.Bytes()))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		st.MaxRSS = ru.Maxrss
		st.CPU = time.Duration(syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime))
	}
	if s.Probe {
		k := firstSeen(out)
		if k < 1 || k > len(probes) {
			return Startup{}, fmt.Errorf("armed: no usable \"seen N\" line (N in 1..%d) in the output", len(probes))
		}
		st.Armed = probes[k-1].Sub(t0)
	}
	st.Checked = true
	for _, c := range s.Calls {
		if !strings.Contains(out, c) {
			st.Checked = false
		}
	}
	return st, nil
}

// callByName makes one of the syscalls the start-up scripts trace, from this process.
func callByName(name string) error {
	switch name {
	case "getppid":
		syscall.Getppid()
	case "getpgid":
		if _, err := syscall.Getpgid(0); err != nil {
			return err
		}
	default:
		return errors.New("callByName: unknown syscall " + name)
	}
	return nil
}

// MeasureCompile runs the tool on a script file with args that compile without tracing
// (godtrace -e, bpftrace --emit-elf) and returns the wall time and peak RSS.
func (t *Tool) MeasureCompile(args []string) (time.Duration, int64, error) {
	if t.Unavailable != nil {
		return 0, 0, t.Unavailable
	}
	ctx, cancel := context.WithTimeout(context.Background(), startupTimeout)
	defer cancel()
	cmd := t.command(ctx, args...)
	stderr := &limitedBuffer{max: 64 << 10}
	cmd.Stdout, cmd.Stderr = &limitedBuffer{max: 1 << 10}, stderr
	t0 := time.Now()
	err := cmd.Run()
	d := time.Since(t0)
	if err != nil {
		return 0, 0, fmt.Errorf("%v: %s", err, errTail(stderr.Bytes()))
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	return d, rss, nil
}

var startupTimeout = 3 * time.Minute

// settle is how long a tracer stays armed before the harness stops it.
const settle = 200 * time.Millisecond

// countFDs counts the open file descriptors of process pid (-1 when it cannot be read).
func countFDs(pid int) int {
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return -1
	}
	return len(fds)
}

// firstSeen returns the smallest N of the output's "seen N" lines (0 when none).
func firstSeen(out string) int {
	min := 0
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) != 2 || f[0] != "seen" {
			continue
		}
		if n, err := strconv.Atoi(f[1]); err == nil && n > 0 && (min == 0 || n < min) {
			min = n
		}
	}
	return min
}
