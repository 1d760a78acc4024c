// This file implements the tests of the example scripts: each *.d file in this directory
// runs unchanged through a freshly built godtrace, as root, against a real workload, and
// the test checks what its output says (counts, sums, histograms, JSON lines, stacks).
package examples

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godtrace/godtrace/internal/testroot"
)

// needRoot is the start of every test that runs godtrace.
func needRoot(t *testing.T) {
	t.Helper()
	testroot.Require(t, "running the example scripts (godtrace loads eBPF programs)")
}

// binDir holds the godtrace and io-static binaries TestMain builds; dataFile is an
// io-static data file of the default size (16 MiB). Neither exists unless the tests run
// as root: the tests that use them need root and skip, saying so, without it.
var binDir, dataFile string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	if !testroot.IsRoot() {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "godtrace-examples-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binDir = dir
	if pre := os.Getenv("GODTRACE_TEST_BINDIR"); pre != "" {
		binDir = pre // prebuilt (the guest stage's: the guest has no Go toolchain)
	} else {
		for _, b := range []struct{ name, pkg, cgo string }{
			{"godtrace", "github.com/godtrace/godtrace/cmd/godtrace", ""},
			{"io-static", "github.com/godtrace/godtrace/cmd/io-static", "CGO_ENABLED=0"},
		} {
			cmd := exec.Command(goTool(), "build", "-o", filepath.Join(dir, b.name), b.pkg)
			cmd.Env = os.Environ()
			if b.cgo != "" {
				cmd.Env = append(cmd.Env, b.cgo)
			}
			if out, err := cmd.CombinedOutput(); err != nil {
				fmt.Fprintf(os.Stderr, "go build %s: %v\n%s", b.pkg, err, out)
				return 1
			}
		}
	}
	dataFile = filepath.Join(dir, "iofile")
	if out, err := exec.Command(filepath.Join(binDir, "io-static"), "-c", dataFile).CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "io-static -c: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// goTool finds the go command: on PATH, else the toolchain that built this test.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// ioStatic is the command line of an io-static run for -c.
func ioStatic(args string) string {
	return filepath.Join(binDir, "io-static") + " " + args + " " + dataFile
}

// result is one godtrace run: its output streams and the pid of its -c command.
type result struct {
	stdout, stderr string
	pid            int
}

var exitedRE = regexp.MustCompile(`godtrace: pid (\d+) has exited`)

// runC runs godtrace -s script -c command (plus extra options) to completion.
func runC(t *testing.T, script, command string, extra ...string) result {
	t.Helper()
	args := append([]string{"-s", script, "-c", command}, extra...)
	cmd := exec.Command(filepath.Join(binDir, "godtrace"), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("godtrace %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("godtrace %s: still running after 60s\nstderr:\n%s", strings.Join(args, " "), stderr.String())
	}
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	// Without -q godtrace reports the command's exit (and its pid) as dtrace does.
	if m := exitedRE.FindStringSubmatch(r.stderr); m != nil {
		r.pid, _ = strconv.Atoi(m[1])
	}
	t.Logf("godtrace %s\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.stdout, r.stderr)
	return r
}

var aggLineRE = regexp.MustCompile(`^\s+(\S+)\s+(-?\d+)\s*$`)

// aggregation parses the lines "  KEY   VALUE" of a printed aggregation with one
// string key; a key printed twice (two aggregations) sums.
func aggregation(out string) map[string]int64 {
	m := map[string]int64{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if a := aggLineRE.FindStringSubmatch(sc.Text()); a != nil {
			v, _ := strconv.ParseInt(a[2], 10, 64)
			m[a[1]] += v
		}
	}
	return m
}

// blocks is the number of read/write calls of an io-static run of the default total
// size (16 MiB) with buffer size bs.
func blocks(bs int) int64 { return 16 * 1024 * 1024 / int64(bs) }

// tests maps each example script to its test; TestEveryExampleTested checks that no
// script in the directory is left out.
var tests = map[string]func(t *testing.T, script string){
	"io_performance.d":     testIOPerformance,
	"syscall_count.d":      testSyscallCount,
	"benchmark_syscalls.d": testBenchmarkSyscalls,
	"benchmark_json.d":     testBenchmarkJSON,
	"read_latency.d":       testReadLatency,
	"read_bytes.d":         testReadBytes,
	"execname_count.d":     testExecnameCount,
	"dd_target.d":          testDDTarget,
	"tick_summary.d":       testTickSummary,
	"profile_stacks.d":     testProfileStacks,
	"exec_trace.d":         testExecTrace,
	"rw_latency.d":         testRWLatency,
	"benchmark_cputime.d":  testBenchmarkCPUTime,
	"top_syscalls.d":       testTopSyscalls,
	"syscall_flow.d":       testSyscallFlow,
	"syscall_json.d":       testSyscallJSON,
	"pipe_reads.d":         testPipeReads,
	"first_reads.d":        testFirstReads,
	"open_files.d":         testOpenFiles,
	"fork_count.d":         testForkCount,
}

func TestEveryExampleTested(t *testing.T) {
	scripts, err := filepath.Glob("*.d")
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no example scripts found")
	}
	for _, s := range scripts {
		if tests[s] == nil {
			t.Errorf("example %s has no test in examples_test.go", s)
		}
	}
	for s := range tests {
		if _, err := os.Stat(s); err != nil {
			t.Errorf("test for missing example %s: %v", s, err)
		}
	}
}

func TestExamples(t *testing.T) {
	needRoot(t)
	scripts, err := filepath.Glob("*.d")
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no example scripts found: %v", err)
	}
	for _, s := range scripts {
		f := tests[s]
		if f == nil {
			continue // TestEveryExampleTested reports it
		}
		t.Run(strings.TrimSuffix(s, ".d"), func(t *testing.T) { f(t, s) })
	}
}

// io_performance.d: the lab's own script prints {"timestamp": N} when the traced
// io-static exits, N being its on-CPU time since exec; END traces "Stopped".
func testIOPerformance(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r"))
	re := regexp.MustCompile(`\{"timestamp": \d+\}`)
	lines := re.FindAllString(r.stdout, -1)
	if len(lines) == 0 {
		t.Fatalf("no {\"timestamp\": N} record in the output")
	}
	for _, l := range lines {
		var v struct{ Timestamp uint64 }
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Errorf("%q: %v", l, err)
		} else if v.Timestamp == 0 || v.Timestamp > uint64(30*time.Second) {
			t.Errorf("%q: implausible on-CPU time", l)
		}
	}
	if !strings.Contains(r.stdout, "Stopped") {
		t.Errorf("END's trace(\"Stopped\") missing from the output")
	}
}

// syscall_count.d: io-static's read calls number at least its block count, and the
// system calls it cannot run without (exit_group, clock_gettime) appear.
func testSyscallCount(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 16384"))
	agg := aggregation(r.stdout)
	if agg["read"] < blocks(16384) {
		t.Errorf("read counted %d times, want at least %d", agg["read"], blocks(16384))
	}
	for _, name := range []string{"clock_gettime", "exit_group", "openat"} {
		if agg[name] < 1 {
			t.Errorf("%s not counted", name)
		}
	}
	if agg["clock_gettime"] < 2 {
		t.Errorf("clock_gettime counted %d times, want at least io-static's 2", agg["clock_gettime"])
	}
}

// benchmark_syscalls.d: between the clock_gettime calls io-static makes exactly
// blockcount reads (or writes) and nothing else, plus one fsync with -s.
func testBenchmarkSyscalls(t *testing.T, script string) {
	for _, c := range []struct {
		mode, call string
		bs         int
	}{{"-r", "read", 16384}, {"-w", "write", 4096}, {"-w -s", "write", 65536}} {
		want := map[string]int64{c.call: blocks(c.bs)}
		if strings.Contains(c.mode, "-s") {
			want["fsync"] = 1 // -s: one fsync(2) inside the timed region
		}
		// Another io-static's timed loop running at the same time on the machine adds
		// to the counts: up to three runs, and the last must match exactly.
		for attempt := 1; ; attempt++ {
			r := runC(t, script, ioStatic(fmt.Sprintf("-B -q %s -b %d", c.mode, c.bs)))
			agg := aggregation(r.stdout)
			if fmt.Sprint(agg) == fmt.Sprint(want) {
				break
			}
			if attempt == 3 {
				t.Errorf("io-static %s: system calls in the timed loop = %v, want %v", c.mode, agg, want)
				break
			}
			t.Logf("attempt %d: %v, want %v (another io-static at the same time?); running again", attempt, agg, want)
		}
	}
}

// benchmark_json.d: every line parses as JSON, and one (this run's; a concurrent
// io-static would add its own) holds exactly blockcount reads (writes) and a positive time.
func testBenchmarkJSON(t *testing.T, script string) {
	for _, c := range []struct {
		mode          string
		bs            int
		reads, writes int64
	}{{"-r", 8192, blocks(8192), 0}, {"-w", 65536, 0, blocks(65536)}} {
		r := runC(t, script, ioStatic(fmt.Sprintf("-B -q %s -b %d", c.mode, c.bs)))
		found := false
		for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
			if l == "" {
				continue
			}
			var v struct{ Pid, Reads, Writes, TimeNs int64 }
			var raw map[string]int64
			if err := json.Unmarshal([]byte(l), &raw); err != nil {
				t.Errorf("line %q is not JSON: %v", l, err)
				continue
			}
			v.Pid, v.Reads, v.Writes, v.TimeNs = raw["pid"], raw["reads"], raw["writes"], raw["time_ns"]
			if v.Pid <= 0 || v.TimeNs <= 0 {
				t.Errorf("line %q: want a pid and time_ns > 0", l)
			}
			if v.Reads == c.reads && v.Writes == c.writes {
				found = true
			}
		}
		if !found {
			t.Errorf("io-static %s -b %d: no line with reads %d, writes %d:\n%s", c.mode, c.bs, c.reads, c.writes, r.stdout)
		}
	}
}

var bucketRE = regexp.MustCompile(`^\s+(-?\d+) \|[@ ]*\s+(\d+)\s*$`)

// read_latency.d: the quantize's counts sum to at least blockcount reads, and its
// buckets are powers of two in increasing order.
func testReadLatency(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 16384"))
	if !strings.Contains(r.stdout, "read (ns)") || !strings.Contains(r.stdout, "Distribution") {
		t.Fatalf("no quantize keyed \"read (ns)\" in the output")
	}
	var sum int64
	last := int64(-1)
	for _, l := range strings.Split(r.stdout, "\n") {
		m := bucketRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		b, _ := strconv.ParseInt(m[1], 10, 64)
		n, _ := strconv.ParseInt(m[2], 10, 64)
		if b <= last || (b > 0 && b&(b-1) != 0) {
			t.Errorf("bucket %d after %d: not an increasing power of two", b, last)
		}
		last = b
		sum += n
	}
	if sum < blocks(16384) {
		t.Errorf("quantize counts sum to %d, want at least %d reads", sum, blocks(16384))
	}
}

// read_bytes.d: the unkeyed sum of read return values is at least the file's size and
// the count at least blockcount; the two appear as two bare numbers.
func testReadBytes(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 16384"))
	var vals []int64
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) == 1 {
			v, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			vals = append(vals, v)
		}
	}
	if len(vals) != 2 {
		t.Fatalf("want two unkeyed aggregations (@bytes, @reads), got %v", vals)
	}
	if vals[0] < 16*1024*1024 {
		t.Errorf("@bytes = %d, want at least the 16 MiB read", vals[0])
	}
	if vals[1] < blocks(16384) {
		t.Errorf("@reads = %d, want at least %d", vals[1], blocks(16384))
	}
	if vals[0] < vals[1]*1024 {
		t.Errorf("@bytes %d for %d reads: under 1 KiB a read", vals[0], vals[1])
	}
}

// execname_count.d: io-static (more than its block count of calls) and godtrace
// itself appear among the program names.
func testExecnameCount(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 16384"))
	agg := aggregation(r.stdout)
	if agg["io-static"] < blocks(16384) {
		t.Errorf("io-static counted %d, want at least %d", agg["io-static"], blocks(16384))
	}
	if agg["godtrace"] < 1 {
		t.Errorf("godtrace's own system calls not counted: %v", agg)
	}
}

// dd_target.d: with -c 'dd ...' and $target, dd's 100 block reads and writes are counted
// and its writes returned at least 100 * 4096 bytes.
func testDDTarget(t *testing.T, script string) {
	r := runC(t, script, "dd if=/dev/zero of=/dev/null bs=4k count=100")
	// Two aggregations share keys (read, write): parse them in order.
	var calls, bytes = map[string]int64{}, map[string]int64{}
	cur := calls
	seen := map[string]bool{}
	for _, l := range strings.Split(r.stdout, "\n") {
		a := aggLineRE.FindStringSubmatch(l)
		if a == nil {
			continue
		}
		if seen[a[1]] && cur[a[1]] != 0 {
			cur = bytes
		}
		seen[a[1]] = true
		v, _ := strconv.ParseInt(a[2], 10, 64)
		cur[a[1]] = v
	}
	if calls["read"] < 100 || calls["write"] < 100 {
		t.Errorf("@calls: read %d, write %d; want at least 100 each", calls["read"], calls["write"])
	}
	// godtrace -c execs the command after arming, so execve is seen once, as is the
	// command's last call.
	if calls["execve"] != 1 || calls["exit_group"] != 1 {
		t.Errorf("@calls: execve %d, exit_group %d; want 1 each", calls["execve"], calls["exit_group"])
	}
	if bytes["write"] < 100*4096 || bytes["read"] < 100*4096 {
		t.Errorf("@bytes: read %d, write %d; want at least %d each", bytes["read"], bytes["write"], 100*4096)
	}
}

// dd_target.d with -p: $target is the grabbed process; godtrace exits with it, and
// its last system call, exit_group, is counted once.
func TestDDTargetGrab(t *testing.T) {
	needRoot(t)
	dd := exec.Command("dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=1500000")
	if err := dd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- dd.Wait() }()
	ddExited := false
	defer func() {
		if !ddExited {
			dd.Process.Kill()
			<-done
		}
	}()
	cmd := exec.Command(filepath.Join(binDir, "godtrace"), "-s", "dd_target.d", "-p", strconv.Itoa(dd.Process.Pid))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	traced := make(chan error, 1)
	go func() { traced <- cmd.Wait() }()
	select {
	case err := <-traced:
		if err != nil {
			t.Fatalf("godtrace -p: %v\n%s", err, stderr.String())
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-traced
		t.Fatalf("godtrace -p still running after 60s\n%s", stderr.String())
	}
	t.Logf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	select {
	case <-done:
		ddExited = true
	case <-time.After(5 * time.Second):
		t.Fatalf("godtrace -p returned while dd still runs")
	}
	agg := map[string]int64{}
	for _, l := range strings.Split(stdout.String(), "\n") {
		if a := aggLineRE.FindStringSubmatch(l); a != nil {
			if _, dup := agg[a[1]]; !dup { // @calls comes first
				agg[a[1]], _ = strconv.ParseInt(a[2], 10, 64)
			}
		}
	}
	if agg["read"] < 1 || agg["write"] < 1 || agg["exit_group"] != 1 {
		t.Errorf("@calls = %v: want reads, writes and one exit_group", agg)
	}
}

// tick_summary.d: the per-second lines plus END's part-second add up to at least the
// run's block count of writes; every header is a %Y date.
func testTickSummary(t *testing.T, script string) {
	// Without -B, io-static sleeps a second before its loop: at least one tick.
	r := runC(t, script, ioStatic("-q -w -b 4096"))
	dateRE := regexp.MustCompile(`^\d{4} [A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d( \(end\))?$`)
	var writes int64
	ticks, ends := 0, 0
	for _, l := range strings.Split(r.stdout, "\n") {
		switch {
		case l == "":
		case dateRE.MatchString(l):
			if strings.HasSuffix(l, "(end)") {
				ends++
			} else {
				ticks++
			}
		default:
			f := strings.Fields(l)
			if len(f) != 2 || (f[0] != "read" && f[0] != "write") {
				t.Errorf("unexpected line %q", l)
				continue
			}
			v, _ := strconv.ParseInt(f[1], 10, 64)
			if f[0] == "write" {
				writes += v
			}
		}
	}
	if ticks < 1 || ends != 1 {
		t.Errorf("%d tick-1sec headers and %d END headers, want at least 1 and 1", ticks, ends)
	}
	if writes < blocks(4096) {
		t.Errorf("writes add up to %d, want at least %d", writes, blocks(4096))
	}
}

// profile_stacks.d: kernel stacks sampled in io-static's read loop show the read path.
func testProfileStacks(t *testing.T, script string) {
	// As the lab collected stacks for flame graphs: -o writes them to a file.
	out := filepath.Join(t.TempDir(), "out.stacks")
	r := runC(t, script, ioStatic("-B -q -r -b 512"), "-o", out)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.stdout, "kernel`") {
		t.Errorf("stacks on stdout despite -o")
	}
	r.stdout = string(b)
	var samples int64
	for _, l := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(l); len(f) == 1 {
			if v, err := strconv.ParseInt(f[0], 10, 64); err == nil {
				samples += v
			}
		}
	}
	if samples < 1 {
		t.Fatalf("no samples")
	}
	if !strings.Contains(r.stdout, "kernel`vfs_read+0x") || !strings.Contains(r.stdout, "kernel`ksys_read+0x") {
		t.Errorf("no sampled stack through vfs_read and ksys_read")
	}
}

// exec_trace.d: the -c command's execve path, its exec-success and its normal exit
// appear, in that order, under its pid.
func testExecTrace(t *testing.T, script string) {
	dd, err := exec.LookPath("dd")
	if err != nil {
		t.Fatalf("dd: %v", err)
	}
	r := runC(t, script, dd+" if=/dev/zero of=/dev/null count=1")
	lineRE := regexp.MustCompile(`^(\d+)\s+(execve|started|exited)\s+(.*)$`)
	var seq []string
	pids := map[string]bool{}
	for _, l := range strings.Split(r.stdout, "\n") {
		m := lineRE.FindStringSubmatch(l)
		if m == nil {
			if l != "" {
				t.Errorf("unexpected line %q", l)
			}
			continue
		}
		// Other programs on the machine may start and stop too: keep dd's lines.
		if m[3] == dd || m[3] == "dd" || strings.HasPrefix(m[3], "dd (") {
			seq = append(seq, m[2]+" "+m[3])
			pids[m[1]] = true
		}
	}
	want := []string{"execve " + dd, "started dd", "exited dd (exited)"}
	if fmt.Sprint(seq) != fmt.Sprint(want) {
		t.Errorf("dd's lines = %q, want %q", seq, want)
	}
	if len(pids) != 1 {
		t.Errorf("dd's lines carry pids %v, want one", pids)
	}
}

// rw_latency.d: the write histogram holds at least blockcount writes, and for each call
// min <= mean <= max.
func testRWLatency(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -w -b 65536"), "-q")
	stat := map[string]int64{}
	statRE := regexp.MustCompile(`^(read|write)\s+(mean|min|max) (\d+) us$`)
	hist := map[string]int64{}
	cur := ""
	for _, l := range strings.Split(r.stdout, "\n") {
		if m := statRE.FindStringSubmatch(l); m != nil {
			v, _ := strconv.ParseInt(m[3], 10, 64)
			stat[m[1]+" "+m[2]] = v
			continue
		}
		if f := strings.Fields(l); len(f) == 1 && (f[0] == "read" || f[0] == "write") {
			cur = f[0]
			continue
		}
		if m := bucketRE.FindStringSubmatch(l); m != nil && cur != "" {
			n, _ := strconv.ParseInt(m[2], 10, 64)
			hist[cur] += n
		}
	}
	if hist["write"] < blocks(65536) {
		t.Errorf("write histogram holds %d writes, want at least %d", hist["write"], blocks(65536))
	}
	for _, c := range []string{"write", "read"} {
		mn, okMin := stat[c+" min"]
		mean, okMean := stat[c+" mean"]
		mx, okMax := stat[c+" max"]
		if c == "write" && !(okMin && okMean && okMax) {
			t.Errorf("write's min/mean/max missing: %v", stat)
			continue
		}
		if okMin && !(mn <= mean && mean <= mx) {
			t.Errorf("%s: min %d, mean %d, max %d out of order", c, mn, mean, mx)
		}
	}
}

// benchmark_cputime.d: the loop's on-CPU time is positive and at most its wall time,
// and the time inside read(2) is part of it.
func testBenchmarkCPUTime(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 4096"))
	re := regexp.MustCompile(`wall (\d+) ns, on-CPU (\d+) ns \((\d+)%\), in read/write (\d+) ns \((\d+)% of on-CPU\)`)
	ms := re.FindAllStringSubmatch(r.stdout, -1)
	if len(ms) == 0 {
		t.Fatalf("no summary line")
	}
	for _, m := range ms {
		wall, _ := strconv.ParseInt(m[1], 10, 64)
		cpu, _ := strconv.ParseInt(m[2], 10, 64)
		in, _ := strconv.ParseInt(m[4], 10, 64)
		// vtimestamp and timestamp are read at slightly different instants.
		if wall <= 0 || cpu <= 0 || cpu > wall+wall/100 || in <= 0 || in > cpu {
			t.Errorf("%q: want 0 < in read/write <= on-CPU <= wall", m[0])
		}
	}
}

// top_syscalls.d: trunc() leaves ten (program, call) pairs and at most five failures;
// io-static's reads are among the ten.
func testTopSyscalls(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 4096"))
	calls, errs := 0, 0
	var ioReads int64
	for _, l := range strings.Split(r.stdout, "\n") {
		f := strings.Fields(l)
		switch len(f) {
		case 3:
			if _, err := strconv.ParseInt(f[2], 10, 64); err != nil {
				continue
			}
			calls++
			if f[0] == "io-static" && f[1] == "read" {
				ioReads, _ = strconv.ParseInt(f[2], 10, 64)
			}
		case 4:
			if e, err := strconv.ParseInt(f[2], 10, 64); err != nil || e <= 0 {
				t.Errorf("failure line %q: errno not positive", l)
			}
			errs++
		}
	}
	if calls != 10 {
		t.Errorf("%d (program, call) lines, want 10 after trunc(@calls, 10)", calls)
	}
	if errs > 5 {
		t.Errorf("%d failure lines, want at most 5 after trunc(@errors, 5)", errs)
	}
	if ioReads < blocks(4096) {
		t.Errorf("io-static read counted %d, want at least %d", ioReads, blocks(4096))
	}
}

// syscall_flow.d: flowindent's header, => and <= lines, and exactly blockcount reads
// returning the 1 MiB buffer size (io-static's other reads are small).
func testSyscallFlow(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 1048576"))
	lines := strings.Split(r.stdout, "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "CPU FUNCTION" {
		t.Fatalf("first line %q, want flowindent's \"CPU FUNCTION\" header", lines[0])
	}
	flowRE := regexp.MustCompile(`^\s*\d+\s+(=>|<=) (\w+)\s*(-?\d+)?\s*$`)
	var fullReads, entries, returns int
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		m := flowRE.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("unexpected line %q", l)
			continue
		}
		if m[1] == "=>" {
			entries++
			if m[3] != "" {
				t.Errorf("entry line %q carries a value", l)
			}
			continue
		}
		returns++
		if m[3] == "" {
			t.Errorf("return line %q lacks the return value", l)
		}
		if m[2] == "read" && m[3] == "1048576" {
			fullReads++
		}
	}
	if fullReads != int(blocks(1048576)) {
		t.Errorf("%d reads returned 1048576, want %d", fullReads, blocks(1048576))
	}
	// Calls already blocked when tracing starts (the runtime threads' futex waits)
	// return without an entry, so only the loop's pairs are counted exactly.
	if entries < fullReads || returns < fullReads {
		t.Errorf("%d entries, %d returns for %d full reads", entries, returns, fullReads)
	}
}

// syscall_json.d: every line is a JSON object; read's count is at least blockcount and
// every time is positive.
func testSyscallJSON(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 16384"))
	seen := map[string]bool{}
	var reads int64
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var v struct {
			Syscall string
			Count   int64
			TimeNs  int64 `json:"time_ns"`
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Errorf("line %q is not JSON: %v", l, err)
			continue
		}
		if v.Syscall == "" || v.Count <= 0 || v.TimeNs <= 0 || seen[v.Syscall] {
			t.Errorf("line %q: want a new syscall name, count > 0, time_ns > 0", l)
		}
		seen[v.Syscall] = true
		if v.Syscall == "read" {
			reads = v.Count
		}
	}
	if reads < blocks(16384) {
		t.Errorf("read count %d, want at least %d", reads, blocks(16384))
	}
	if !seen["clock_gettime"] || !seen["openat"] {
		t.Errorf("clock_gettime or openat missing: %v", seen)
	}
}

// pipe_reads.d: dd reading a pipe gets at most the pipe's 64 KiB a read (whatever its
// 1 MiB buffer), and reads
// and writes each move at least the 4 MiB sent.
func testPipeReads(t *testing.T, script string) {
	// godtrace -c splits its argument at blanks, as dtrace does (no shell quoting),
	// so the pipeline goes in a shell script.
	sh := filepath.Join(t.TempDir(), "pipe.sh")
	if err := os.WriteFile(sh, []byte("head -c 4194304 /dev/zero | dd of=/dev/null bs=1M\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runC(t, script, "sh "+sh)
	hist := map[string]map[int64]int64{}
	bytes := map[string]int64{}
	cur := ""
	for _, l := range strings.Split(r.stdout, "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) == 1 && (f[0] == "read" || f[0] == "write"):
			cur = f[0]
			hist[cur] = map[int64]int64{}
		case len(f) == 2 && (f[0] == "read" || f[0] == "write"):
			bytes[f[0]], _ = strconv.ParseInt(f[1], 10, 64)
		default:
			if m := bucketRE.FindStringSubmatch(l); m != nil && cur != "" {
				b, _ := strconv.ParseInt(m[1], 10, 64)
				n, _ := strconv.ParseInt(m[2], 10, 64)
				hist[cur][b] += n
			}
		}
	}
	if len(hist["read"]) == 0 {
		t.Fatalf("no read histogram")
	}
	// How full the pipe is at each read depends on scheduling; its capacity does not.
	for b, n := range hist["read"] {
		if b > 65536 && n > 0 {
			t.Errorf("%d reads in bucket %d: a pipe read returns at most 64 KiB", n, b)
		}
	}
	if bytes["read"] < 4194304 || bytes["write"] < 4194304 {
		t.Errorf("bytes read %d, written %d; want at least 4 MiB each", bytes["read"], bytes["write"])
	}
}

// first_reads.d: BEGIN's header, then exactly ten reads of the timed loop from one
// thread and descriptor, each asking and getting the buffer size, in time order; then
// exit(0) ends godtrace (exit status 0) before the benchmark is done.
func testFirstReads(t *testing.T, script string) {
	// The script stops at the first io-static whose loop reaches ten reads: another
	// io-static on the machine (with another buffer size) can win; then run again.
	for attempt := 1; ; attempt++ {
		r := runC(t, script, ioStatic("-B -q -r -b 2048"))
		if strings.Contains(r.stdout, " 2048 ") || attempt == 3 {
			checkFirstReads(t, r)
			return
		}
		t.Logf("attempt %d traced another io-static's loop; running again", attempt)
	}
}

func checkFirstReads(t *testing.T, r result) {
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if len(lines) == 0 || strings.Join(strings.Fields(lines[0]), " ") != "TIME(us) TID FD ASKED GOT" {
		t.Fatalf("first line %q, want BEGIN's header", lines[0])
	}
	var rows [][]int64
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		if len(f) != 5 {
			t.Errorf("unexpected line %q", l)
			continue
		}
		row := make([]int64, 5)
		for i, s := range f {
			row[i], _ = strconv.ParseInt(s, 10, 64)
		}
		rows = append(rows, row)
	}
	if len(rows) != 10 {
		t.Fatalf("%d reads printed, want 10", len(rows))
	}
	for i, row := range rows {
		if row[1] != rows[0][1] || row[2] != rows[0][2] || row[2] < 3 {
			t.Errorf("read %d: tid %d fd %d, want the first read's tid %d and fd (>= 3) %d", i, row[1], row[2], rows[0][1], rows[0][2])
		}
		if row[3] != 2048 || row[4] != 2048 {
			t.Errorf("read %d: asked %d, got %d; want 2048 and 2048", i, row[3], row[4])
		}
		if i > 0 && row[0] < rows[i-1][0] {
			t.Errorf("read %d at %d us, before read %d at %d us", i, row[0], i-1, rows[i-1][0])
		}
	}
}

// open_files.d: io-static's open of the data file appears with its path and a
// descriptor >= 3, and no line reports a failed copyinstr.
func testOpenFiles(t *testing.T, script string) {
	r := runC(t, script, ioStatic("-B -q -r -b 1048576"))
	lineRE := regexp.MustCompile(`^(\d+)\s+(\S+)\s+(-?\d+)$`)
	found := false
	for _, l := range strings.Split(r.stdout, "\n") {
		if l == "" {
			continue
		}
		m := lineRE.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("unexpected line %q", l)
			continue
		}
		if m[2] == dataFile {
			fd, _ := strconv.Atoi(m[3])
			if fd < 3 {
				t.Errorf("%q: want a descriptor >= 3", l)
			}
			found = true
		}
	}
	if !found {
		t.Errorf("no line for the data file %s", dataFile)
	}
	if strings.Contains(r.stderr, "invalid address") {
		t.Errorf("copyinstr faulted:\n%s", r.stderr)
	}
}

// fork_count.d: a shell running two commands creates two processes, counted under one
// of the calls *fork matches on Linux.
func testForkCount(t *testing.T, script string) {
	sh := filepath.Join(t.TempDir(), "forks.sh")
	if err := os.WriteFile(sh, []byte("/bin/true\n/bin/true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runC(t, script, "sh "+sh)
	var shForks int64
	for _, l := range strings.Split(r.stdout, "\n") {
		f := strings.Fields(l)
		if len(f) != 3 {
			continue
		}
		switch f[1] {
		case "clone", "clone3", "fork", "vfork":
		default:
			t.Errorf("line %q: %s is not a call *fork matches", l, f[1])
		}
		if f[0] == "sh" {
			n, _ := strconv.ParseInt(f[2], 10, 64)
			shForks += n
		}
	}
	if shForks < 2 {
		t.Errorf("sh created %d processes, want at least 2", shForks)
	}
}
