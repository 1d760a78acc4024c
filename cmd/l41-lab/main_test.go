package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

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
// With -dynamic the same script traces io-dynamic (its execname put in place of io-static's).
func TestLabSweep(t *testing.T) {
	testroot.Require(t, "tracing the lab's sweep (godtrace loads eBPF programs)")
	dir := t.TempDir()
	godtrace := build(t, dir, "godtrace", "github.com/godtrace/godtrace/cmd/godtrace")
	iostatic := build(t, dir, "io-static", "github.com/godtrace/godtrace/cmd/io-static", "CGO_ENABLED=0")
	build(t, dir, "io-dynamic", "github.com/godtrace/godtrace/cmd/io-dynamic", "CGO_ENABLED=1")
	harness := build(t, dir, "l41-lab", "github.com/godtrace/godtrace/cmd/l41-lab")
	script, _ := filepath.Abs("../../examples/io_performance.d")
	const total = 1 << 20
	for _, bench := range []string{"io-static", "io-dynamic"} {
		t.Run(bench, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+bench)
			args := []string{"-godtrace", godtrace, "-s", script, "-bench", iostatic,
				"-mode", "read", "-file", filepath.Join(dir, "iofile"), "-t", strconv.Itoa(total),
				"-sizes", "4096,65536", "-trials", "3", "-out", out}
			if bench == "io-dynamic" {
				args = append(args, "-dynamic")
			}
			cmd := exec.Command(harness, args...)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			stdout, err := cmd.Output()
			if err != nil {
				t.Fatalf("l41-lab: %v\n%s", err, stderr.String())
			}
			lines := strings.Split(strings.TrimSpace(string(stdout)), "\n")
			if len(lines) != 3 || !strings.HasPrefix(lines[0], "buffersize,median_kib_s") {
				t.Fatalf("CSV:\n%s", stdout)
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
				if _, err := os.Stat(filepath.Join(out, bench+"-read"+ext)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// probeRun builds the binaries and returns the l41-lab command of a small probe-effect
// experiment writing into dir/out.
func probeRun(t *testing.T, dir string, trials int, sizes string) *exec.Cmd {
	godtrace := build(t, dir, "godtrace", "github.com/godtrace/godtrace/cmd/godtrace")
	iostatic := build(t, dir, "io-static", "github.com/godtrace/godtrace/cmd/io-static", "CGO_ENABLED=0")
	harness := build(t, dir, "l41-lab", "github.com/godtrace/godtrace/cmd/l41-lab")
	script, _ := filepath.Abs("../../examples/io_performance.d")
	return exec.Command(harness, "-probe-effect", "-godtrace", godtrace, "-s", script, "-bench", iostatic,
		"-mode", "read", "-file", filepath.Join(dir, "iofile"), "-t", strconv.Itoa(1<<20),
		"-sizes", sizes, "-trials", strconv.Itoa(trials), "-out", filepath.Join(dir, "out"))
}

// probeCSV reads the experiment's CSV: condition → buffer size → fields.
func probeCSV(t *testing.T, path string) map[string]map[string][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if lines[0] != "condition,buffersize,trials,median_kib_s,q25_kib_s,q75_kib_s,ratio_median,ratio_q25,ratio_q75" {
		t.Fatalf("CSV header %q", lines[0])
	}
	rows := map[string]map[string][]string{}
	for _, l := range lines[1:] {
		f := strings.Split(l, ",")
		if rows[f[0]] == nil {
			rows[f[0]] = map[string][]string{}
		}
		rows[f[0]][f[1]] = f
	}
	return rows
}

var probeConditions = []string{"untraced", "io_performance.d", "syscall:::entry count()", "read latency quantize()"}

// TestProbeEffect runs the probe-effect experiment end to end: the sweep untraced and under
// three real godtrace scripts, compared by io-static's own KBytes/sec. Timings on a shared
// machine are noise, so only the shape is checked: every condition measured at every size
// with every round, the baseline's ratio exactly 1, the others' ratios finite and positive,
// the table on stdout, and the files written.
func TestProbeEffect(t *testing.T) {
	testroot.Require(t, "tracing the probe-effect sweep (godtrace loads eBPF programs)")
	dir := t.TempDir()
	cmd := probeRun(t, dir, 2, "4096,65536")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("l41-lab -probe-effect: %v\n%s", err, stderr.String())
	}
	// Not a terminal: plain progress lines, one per condition and round.
	if n := strings.Count(stderr.String(), " swept ("); n != 8 || strings.Contains(stderr.String(), "\r") {
		t.Errorf("progress: %d plain lines (want 8), or a bar drawn on a pipe:\n%s", n, stderr.String())
	}
	table := string(out)
	for _, want := range append([]string{"Probe effect: io-static read, 1 MiB per run, 2 rounds.", "4 KiB ", "64 KiB "}, probeConditions...) {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	rows := probeCSV(t, filepath.Join(dir, "out", "io-static-read-probe-effect.csv"))
	for _, c := range probeConditions {
		for _, size := range []string{"4096", "65536"} {
			f := rows[c][size]
			if len(f) != 9 || f[2] != "2" {
				t.Errorf("%s at %s: %q, want 2 trials", c, size, f)
				continue
			}
			ratio, err := strconv.ParseFloat(f[6], 64)
			if err != nil || ratio <= 0 || ratio > 100 || (c == "untraced" && ratio != 1) {
				t.Errorf("%s at %s: ratio %q", c, size, f[6])
			}
		}
	}
	for _, name := range []string{"-probe-effect.txt", "-probe-effect.png", "-probe-effect.svg", "-probe-effect-bandwidth.png", "-probe-effect-bandwidth.svg"} {
		if fi, err := os.Stat(filepath.Join(dir, "out", "io-static-read"+name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestProbeEffectInterrupt: Ctrl-C in the middle of the experiment stops it, writes what was
// measured and exits 130.
func TestProbeEffectInterrupt(t *testing.T) {
	testroot.Require(t, "tracing the probe-effect sweep (godtrace loads eBPF programs)")
	dir := t.TempDir()
	cmd := probeRun(t, dir, 100, "4096,8192,16384,32768")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	buf := make([]byte, 4096)
	for !strings.Contains(log.String(), "round 2: untraced swept") {
		n, err := stderr.Read(buf)
		log.Write(buf[:n])
		if err != nil {
			t.Fatalf("l41-lab ended before round 2: %v\n%s", err, log.String())
		}
	}
	cmd.Process.Signal(syscall.SIGINT)
	rest, _ := io.ReadAll(stderr)
	log.Write(rest)
	err = cmd.Wait()
	if cmd.ProcessState.ExitCode() != 130 {
		t.Fatalf("exit %v, want status 130:\n%s", err, log.String())
	}
	if !strings.Contains(log.String(), "l41-lab: interrupted: writing the ") {
		t.Errorf("no interruption notice:\n%s", log.String())
	}
	if !strings.Contains(stdout.String(), "rounds, interrupted after ") {
		t.Errorf("table does not say it was interrupted:\n%s", stdout.String())
	}
	rows := probeCSV(t, filepath.Join(dir, "out", "io-static-read-probe-effect.csv"))
	// Round 1 finished for every condition, round 2 for the baseline at least.
	for _, c := range probeConditions {
		f := rows[c]["32768"]
		if len(f) != 9 || f[2] == "0" || f[2] == "100" {
			t.Errorf("%s at 32768: %q, want between 1 and 99 trials", c, f)
		}
	}
	if n, _ := strconv.Atoi(rows["untraced"]["4096"][2]); n < 2 {
		t.Errorf("untraced has %d trials, want at least 2", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "out", "io-static-read-probe-effect.png")); err != nil {
		t.Error(err)
	}
}

// TestLabSweepForeign: the lab's script traces every process named io-static, so another
// io-static running during the sweep (another user, another test) prints records of its
// own. A run whose window holds more than its one record is made again, and the sweep still
// reports exactly its own runs.
func TestLabSweepForeign(t *testing.T) {
	testroot.Require(t, "tracing the lab's sweep (godtrace loads eBPF programs)")
	dir := t.TempDir()
	godtrace := build(t, dir, "godtrace", "github.com/godtrace/godtrace/cmd/godtrace")
	iostatic := build(t, dir, "io-static", "github.com/godtrace/godtrace/cmd/io-static", "CGO_ENABLED=0")
	harness := build(t, dir, "l41-lab", "github.com/godtrace/godtrace/cmd/l41-lab")
	script, _ := filepath.Abs("../../examples/io_performance.d")
	file := filepath.Join(dir, "iofile")
	if b, err := exec.Command(iostatic, "-c", "-t", "1048576", file).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	stop := make(chan struct{})
	done := make(chan int)
	go func() {
		n := 0
		for {
			select {
			case <-stop:
				done <- n
				return
			case <-time.After(150 * time.Millisecond):
			}
			exec.Command(iostatic, "-r", "-B", "-q", "-t", "65536", file).Run()
			n++
		}
	}()
	cmd := exec.Command(harness, "-godtrace", godtrace, "-s", script, "-bench", iostatic,
		"-mode", "read", "-file", file, "-t", "1048576", "-sizes", "4096", "-trials", "10", "-out", filepath.Join(dir, "out"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	close(stop)
	foreign := <-done
	if err != nil {
		t.Fatalf("l41-lab with %d foreign io-static runs: %v\n%s", foreign, err, stderr.String())
	}
	if n := strings.Count(stderr.String(), `{"timestamp": `); n != 10 || !strings.Contains(string(out), "\n4096,") || !strings.HasSuffix(strings.TrimSpace(string(out)), ",10") {
		t.Errorf("%d runs shown, CSV %q; want 10 runs", n, out)
	}
	redone := strings.Count(stderr.String(), "run again")
	t.Logf("%d foreign io-static runs, %d runs made again", foreign, redone)
	if foreign > 3 && redone == 0 {
		t.Errorf("%d foreign io-static runs and no run made again:\n%s", foreign, stderr.String())
	}
}
