// This file implements the end-to-end tests of the lab's workflow: the lab script,
// unchanged, tracing io-static and io-dynamic, and the clock_gettime bracket that
// isolates io-static's timed loop.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ioFile creates the benchmark's data file in a temporary directory.
func ioFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "iofile")
	out, err := exec.Command(filepath.Join(binDir, "io-static"), "-c", path).CombinedOutput()
	if err != nil {
		t.Fatalf("io-static -c: %v\n%s", err, out)
	}
	return path
}

// startTracer starts godtrace in the background and waits until it reports its probes
// armed (the "matched N probes" notice on stderr).
func startTracer(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "godtrace"), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	armed := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			stderr.WriteString(sc.Text() + "\n")
			if strings.Contains(sc.Text(), " matched ") {
				armed <- true
			}
		}
		armed <- false
	}()
	select {
	case ok := <-armed:
		if !ok {
			cmd.Wait()
			t.Fatalf("godtrace exited before arming: %s", stderr.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("godtrace did not arm within 10s")
	}
	t.Cleanup(func() { pw.Close() })
	return cmd, &stdout, &stderr
}

// stopTracer sends sig and waits for godtrace's exit status.
func stopTracer(t *testing.T, cmd *exec.Cmd, sig syscall.Signal) int {
	t.Helper()
	cmd.Process.Signal(sig)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("godtrace did not stop within 10s of the signal")
	}
	return cmd.ProcessState.ExitCode()
}

var timestampLine = regexp.MustCompile(`\{"timestamp": (\d+)\}`)

// TestLabScript runs examples/io_performance.d, byte for byte the lab's script, while
// io-static and io-dynamic (as io-static: the script matches on execname) run the lab's
// read benchmark; every run prints its on-CPU time, positive and below its wall time.
func TestLabScript(t *testing.T) {
	needRoot(t)
	data := ioFile(t)
	// io-dynamic under the name the script looks for.
	dyn := filepath.Join(t.TempDir(), "io-static")
	b, err := os.ReadFile(filepath.Join(binDir, "io-dynamic"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dyn, b, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd, stdout, stderr := startTracer(t, "-s", "../../examples/io_performance.d")
			var walls []time.Duration
			for _, bin := range []string{filepath.Join(binDir, "io-static"), dyn, filepath.Join(binDir, "io-static"), dyn} {
				start := time.Now()
				out, err := exec.Command(bin, "-r", "-B", "-q", "-b", "8192", "-t", "16777216", data).CombinedOutput()
				walls = append(walls, time.Since(start))
				if err != nil {
					t.Fatalf("%s: %v\n%s", bin, err, out)
				}
			}
			time.Sleep(100 * time.Millisecond)
			status := stopTracer(t, cmd, sig)
			if status != 0 {
				t.Errorf("exit status %d, want 0 (END's exit(0))\nstderr:\n%s", status, stderr.String())
			}
			if !strings.Contains(stderr.String(), "godtrace: script '../../examples/io_performance.d' matched ") {
				t.Errorf("no matched-probes notice:\n%s", stderr.String())
			}
			var values []time.Duration
			for _, m := range timestampLine.FindAllStringSubmatch(stdout.String(), -1) {
				n, _ := strconv.ParseInt(m[1], 10, 64)
				values = append(values, time.Duration(n))
			}
			maxWall := walls[0]
			for _, w := range walls {
				maxWall = max(maxWall, w)
			}
			// Other io-static runs on this machine would add lines; ours are those below
			// their wall time, and there must be one per run.
			mine := 0
			for _, v := range values {
				if v <= 0 {
					t.Errorf("non-positive on-CPU time %d", v)
				}
				if v < maxWall {
					mine++
				}
			}
			if mine < len(walls) {
				t.Errorf("%d runs (wall times %v), but %d values below the longest: %v\nstdout:\n%s",
					len(walls), walls, mine, values, stdout.String())
			}
			if !strings.Contains(stdout.String(), ":END   Stopped") {
				t.Errorf("END did not trace Stopped:\n%s", stdout.String())
			}
			t.Logf("wall %v, on-CPU %v", walls, values)
		})
	}
}

// TestClockGettimeBracket counts the read(2) calls between io-static's clock_gettime
// return (start of the timed loop) and its next clock_gettime entry (end): exactly the
// benchmark's blockcount.
func TestClockGettimeBracket(t *testing.T) {
	needRoot(t)
	data := ioFile(t)
	script := filepath.Join(t.TempDir(), "bracket.d")
	err := os.WriteFile(script, []byte(`
syscall::clock_gettime:return
/pid == $target/
{
	self->in = 1;
}

syscall::clock_gettime:entry
/pid == $target/
{
	self->in = 0;
}

syscall::read:entry
/self->in/
{
	reads++;
}

END
{
	printf("reads %d\n", reads);
}
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	for _, bs := range []int{8192, 65536} {
		total := 16777216
		cmdline := fmt.Sprintf("%s -r -B -q -b %d -t %d %s", filepath.Join(binDir, "io-static"), bs, total, data)
		res := runGodtrace(t, ".", 60*time.Second, "-q", "-c", cmdline, "-s", script)
		if res.status != 0 {
			t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
		}
		want := fmt.Sprintf("reads %d\n", total/bs)
		if !strings.Contains(res.stdout, want) {
			t.Errorf("-b %d: got %q, want %q", bs, res.stdout, want)
		}
	}
}

// TestVtimestamp compares vtimestamp at the return of a thread's
// clock_gettime(CLOCK_THREAD_CPUTIME_ID) system call with the value that call returned:
// the thread's on-CPU time at the same point, so they must agree within 50µs.
func TestVtimestamp(t *testing.T) {
	needRoot(t)
	const n = 8
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-c", fmt.Sprintf("%s cputime %d", filepath.Join(binDir, "trigger"), n), "-n", `
syscall::clock_gettime:entry /pid == $target && arg0 == 3/ { self->in = 1; }
syscall::clock_gettime:return /self->in/ { printf("V %d\n", vtimestamp); self->in = 0; }`)
	if res.status != 0 {
		t.Fatalf("status %d: %s", res.status, res.stderr)
	}
	var ts, vs []int64
	for _, l := range strings.Split(res.stdout, "\n") {
		var v int64
		if _, err := fmt.Sscanf(l, "T %d", &v); err == nil {
			ts = append(ts, v)
		} else if _, err := fmt.Sscanf(l, "V %d", &v); err == nil {
			vs = append(vs, v)
		}
	}
	if len(ts) != n || len(vs) != n {
		t.Fatalf("%d clock values and %d vtimestamps, want %d of each:\n%s", len(ts), len(vs), n, res.stdout)
	}
	for i := range ts {
		d := vs[i] - ts[i]
		if d < 0 || d > 50000 {
			t.Errorf("call %d: vtimestamp %d, CLOCK_THREAD_CPUTIME_ID %d: %d ns apart, want 0..50µs", i, vs[i], ts[i], d)
		}
	}
	t.Logf("CLOCK_THREAD_CPUTIME_ID %v\nvtimestamp              %v", ts, vs)
}

// TestArmedBeforeBEGINOutput: once BEGIN's output is visible, every probe is live (the
// probe-effect harness and scripts that print "armed" from BEGIN rely on it).
func TestArmedBeforeBEGINOutput(t *testing.T) {
	needRoot(t)
	for round := 0; round < 5; round++ {
		cmd := exec.Command(filepath.Join(binDir, "godtrace"), "-q", "-n",
			`BEGIN { printf("armed\n"); } syscall::getppid:entry /pid == $1/ { printf("seen\n"); exit(0); }`,
			strconv.Itoa(os.Getpid()))
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(out)
		line, err := r.ReadString('\n')
		if err != nil || line != "armed\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("first line %q, %v", line, err)
		}
		syscall.Getppid()
		done := make(chan string, 1)
		go func() {
			rest, _ := io.ReadAll(r)
			done <- string(rest)
		}()
		select {
		case rest := <-done:
			if rest != "seen\n\n" {
				t.Errorf("round %d: after armed: %q, want the getppid probe's line", round, rest)
			}
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			t.Errorf("round %d: the getppid made right after BEGIN's output was not seen", round)
		}
		cmd.Wait()
	}
}
