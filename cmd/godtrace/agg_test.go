// This file implements the end-to-end tests of aggregations under load: the lab's
// `@[probefunc] = count()` over every system call of io-static, a quantize() of read
// latency whose rows must add up to the number of reads, and two CPUs hammering one keyed
// count() whose printed total must be exactly the number of events.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// aggLine matches one line of a keyed count() printed at exit: "  key   value".
var aggLine = regexp.MustCompile(`^  (\S+) +(\d+)$`)

// quantRow matches one row of a quantize() table: "value |bar count".
var quantRow = regexp.MustCompile(`^ +(-?\d+) \|[@ ]{40} (\d+) *$`)

// parseCounts reads the "  key  value" lines of out.
func parseCounts(out string) map[string]int64 {
	m := map[string]int64{}
	for _, l := range strings.Split(out, "\n") {
		if g := aggLine.FindStringSubmatch(l); g != nil {
			n, _ := strconv.ParseInt(g[2], 10, 64)
			m[g[1]] = n
		}
	}
	return m
}

func TestAggIOStatic(t *testing.T) {
	needRoot(t)
	data := ioFile(t)
	const bs, total = 16384, 16777216
	blockcount := int64(total / bs)
	script := `
syscall:::entry
/execname == "io-static"/
{
	@[probefunc] = count();
}

syscall::read:entry
/pid == $target/
{
	self->ts = timestamp;
}

syscall::read:return
/self->ts/
{
	@lat = quantize(timestamp - self->ts);
	@reads = count();
	self->ts = 0;
}
`
	cmdline := fmt.Sprintf("%s -r -B -q -b %d -t %d %s", filepath.Join(binDir, "io-static"), bs, total, data)
	res := runGodtrace(t, ".", 60*time.Second, "-q", "-n", script, "-c", cmdline)
	if res.status != 0 {
		t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
	}
	counts := parseCounts(res.stdout)
	if counts["read"] < blockcount {
		t.Errorf("read counted %d times, want at least %d (blockcount)\n%s", counts["read"], blockcount, res.stdout)
	}
	// The quantize table: its rows add up to the number of reads timed, which the unkeyed
	// count() prints as the last line.
	var rows, sum int64
	var last string
	for _, l := range strings.Split(strings.TrimRight(res.stdout, "\n"), "\n") {
		if g := quantRow.FindStringSubmatch(l); g != nil {
			n, _ := strconv.ParseInt(g[2], 10, 64)
			sum += n
			rows++
		}
		last = l
	}
	reads, err := strconv.ParseInt(strings.TrimSpace(last), 10, 64)
	if err != nil {
		t.Fatalf("last line %q is not @reads\n%s", last, res.stdout)
	}
	if rows < 3 || sum != reads {
		t.Errorf("quantize rows (%d) sum to %d, want %d (the reads timed)\n%s", rows, sum, reads, res.stdout)
	}
	if reads < blockcount {
		t.Errorf("%d reads timed, want at least %d\n%s", reads, blockcount, res.stdout)
	}
}

// TestAggContention runs two processes pinned to different CPUs making the same system
// call as fast as they can while one keyed count() counts them: per-CPU values merged in
// user space must lose nothing, including the race of two CPUs inserting the key.
func TestAggContention(t *testing.T) {
	needRoot(t)
	if cpus := numCPU(t); cpus < 2 {
		t.Skipf("skipped: the contention test needs two CPUs, this machine has %d", cpus)
	}
	const n = 500000
	sh := filepath.Join(t.TempDir(), "hammer.sh")
	trig := filepath.Join(binDir, "trigger")
	body := fmt.Sprintf("#!/bin/sh\ntaskset -c 0 %s getppid %d &\ntaskset -c 1 %s getppid %d\nwait\n", trig, n, trig, n)
	if err := os.WriteFile(sh, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 3; round++ {
		res := runGodtrace(t, ".", 60*time.Second, "-q", "-n",
			`syscall::getppid:entry /ppid == $target/ { @[probefunc] = count(); @cpus[cpu] = count(); @all = count(); }`,
			"-c", sh)
		if res.status != 0 {
			t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
		}
		counts := parseCounts(res.stdout)
		if counts["getppid"] != 2*n {
			t.Fatalf("round %d: getppid counted %d times, want %d\n%s", round, counts["getppid"], 2*n, res.stdout)
		}
		// The unkeyed count (per-CPU slots of one array value) prints its total last.
		lines := strings.Split(strings.TrimRight(res.stdout, "\n"), "\n")
		if all := strings.TrimSpace(lines[len(lines)-1]); all != strconv.Itoa(2*n) {
			t.Fatalf("round %d: unkeyed count() printed %q, want %d\n%s", round, all, 2*n, res.stdout)
		}
		// Both CPUs did their share: the per-CPU key shows n on each.
		var c0, c1 int64
		for _, l := range strings.Split(res.stdout, "\n") {
			f := strings.Fields(l)
			if len(f) == 2 && (f[0] == "0" || f[0] == "1") {
				v, _ := strconv.ParseInt(f[1], 10, 64)
				if f[0] == "0" {
					c0 = v
				} else {
					c1 = v
				}
			}
		}
		if c0 != n || c1 != n {
			t.Fatalf("round %d: per-CPU counts %d and %d, want %d each\n%s", round, c0, c1, n, res.stdout)
		}
	}
}

// numCPU counts the CPUs this process may run on.
func numCPU(t *testing.T) int {
	b, err := os.ReadFile("/sys/devices/system/cpu/online")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range strings.Split(strings.TrimSpace(string(b)), ",") {
		lo, hi, ok := strings.Cut(r, "-")
		a, _ := strconv.Atoi(lo)
		b := a
		if ok {
			b, _ = strconv.Atoi(hi)
		}
		n += b - a + 1
	}
	return n
}

// twoCPUScript writes a shell script running `trigger ARGS0` pinned to CPU 0 and
// `trigger ARGS1` pinned to CPU 1 at the same time.
func twoCPUScript(t *testing.T, args0, args1 string) string {
	t.Helper()
	if cpus := numCPU(t); cpus < 2 {
		t.Skipf("skipped: the test needs two CPUs, this machine has %d", cpus)
	}
	sh := filepath.Join(t.TempDir(), "two.sh")
	trig := filepath.Join(binDir, "trigger")
	body := fmt.Sprintf("#!/bin/sh\ntaskset -c 0 %s %s &\ntaskset -c 1 %s %s\nwait\n", trig, args0, trig, args1)
	if err := os.WriteFile(sh, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return sh
}

// TestAggMergeCPUs updates min, max, avg, sum and stddev from two CPUs: the merged values
// are those of all the data, not of either CPU (avg and stddev from the summed counts, sums
// and sums of squares: 10 and 1000 give avg 505, stddev sqrt(500050 - 505^2) = 495).
func TestAggMergeCPUs(t *testing.T) {
	needRoot(t)
	sh := twoCPUScript(t, "write 10", "write 1000")
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-n", `
syscall::write:entry
/ppid == $target/
{
	@mn = min(arg2);
	@mx = max(arg2);
	@av = avg(arg2);
	@s = sum(arg2);
	@sd = stddev(arg2);
	@c[cpu] = count();
}

END
{
	printa("min %@d\n", @mn);
	printa("max %@d\n", @mx);
	printa("avg %@d\n", @av);
	printa("sum %@d\n", @s);
	printa("stddev %@d\n", @sd);
	printa("cpu %d %@d\n", @c);
}`, "-c", sh)
	if res.status != 0 {
		t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
	}
	want := "min 10\nmax 1000\navg 505\nsum 1010\nstddev 495\ncpu 0 1\ncpu 1 1\n\n"
	if res.stdout != want {
		t.Errorf("got\n%s\nwant\n%s", res.stdout, want)
	}
}

// TestAggProfileSymbols is the course's pattern: kernel PCs sampled by profile-997,
// printed every tick-1sec by printa("%40a %@16d\n") as module`symbol+offset, then
// cleared.
func TestAggProfileSymbols(t *testing.T) {
	needRoot(t)
	data := ioFile(t)
	sh := filepath.Join(t.TempDir(), "loop.sh")
	body := fmt.Sprintf("#!/bin/sh\nend=$(( $(date +%%s) + 3 ))\nwhile [ $(date +%%s) -lt $end ]; do %s -r -B -q %s; done\n",
		filepath.Join(binDir, "io-static"), data)
	if err := os.WriteFile(sh, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-n", `
profile-997
/arg0/
{
	@calls[arg0] = count();
}

tick-1sec
{
	printa("%40a %@16d\n", @calls);
	printf("--\n");
	clear(@calls);
}

tick-1sec
/++n == 2/
{
	exit(0);
}`, "-c", sh)
	if res.status != 0 {
		t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
	}
	line := regexp.MustCompile("^ *[A-Za-z0-9_.]+`[A-Za-z0-9_.$]+(\\+0x[0-9a-f]+)? +\\d+$")
	rounds := strings.Split(res.stdout, "--\n")
	if len(rounds) != 3 {
		t.Fatalf("want two printa rounds and the exit print, got\n%s", res.stdout)
	}
	for i, r := range rounds[:2] {
		n := 0
		for _, l := range strings.Split(strings.TrimSuffix(r, "\n"), "\n") {
			if l == "" {
				continue
			}
			if len(l) < 40+1+16 || !line.MatchString(l) {
				t.Errorf("round %d: line %q is not module`symbol in 40 columns and a count in 16", i+1, l)
			}
			n++
		}
		if n == 0 {
			t.Errorf("round %d: no samples\n%s", i+1, res.stdout)
		}
	}
}

// TestAggClearExact prints and clears a count() every 10 ms while two CPUs hammer it:
// what the printa()s print, plus what is left at END, is exactly the number of events.
// clear() keeps what was updated after the snapshot printa() printed.
func TestAggClearExact(t *testing.T) {
	needRoot(t)
	const n = 1000000
	sh := twoCPUScript(t, fmt.Sprintf("getppid %d", n), fmt.Sprintf("getppid %d", n))
	res := runGodtrace(t, ".", 60*time.Second, "-q", "-n", `
syscall::getppid:entry
/ppid == $target/
{
	@n = count();
	@q = quantize(1);
}

tick-10ms
{
	printa("n %@d\n", @n);
	printa("q %@d\n", @q);
	clear(@n);
	clear(@q);
}

END
{
	printa("n %@d\n", @n);
	printa("q %@d\n", @q);
}`, "-c", sh)
	if res.status != 0 {
		t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
	}
	var total, rounds, nonzero int64
	for _, l := range strings.Split(res.stdout, "\n") {
		if v, ok := strings.CutPrefix(l, "n "); ok {
			c, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatalf("line %q", l)
			}
			total += c
			rounds++
			if c > 0 {
				nonzero++
			}
		}
	}
	if total != 2*n {
		t.Errorf("printed counts add up to %d over %d rounds, want %d", total, rounds, 2*n)
	}
	if nonzero < 3 {
		t.Errorf("only %d rounds counted events: the test did not clear under load\n%s", nonzero, res.stdout)
	}
	// The quantize() rows printed between clears (and at END) add up too.
	var qsum int64
	for _, l := range strings.Split(res.stdout, "\n") {
		if g := quantRow.FindStringSubmatch(l); g != nil {
			c, _ := strconv.ParseInt(g[2], 10, 64)
			qsum += c
		}
	}
	if qsum != 2*n {
		t.Errorf("printed quantize() rows add up to %d, want %d", qsum, 2*n)
	}
}

// TestAggStacks is the course's profiling pattern: @[stack()] = count() on profile-997
// while io-static reads, printed at exit as DTrace prints stack keys: one frame per line,
// then the count.
func TestAggStacks(t *testing.T) {
	needRoot(t)
	data := ioFile(t)
	sh := filepath.Join(t.TempDir(), "loop.sh")
	body := fmt.Sprintf("#!/bin/sh\nend=$(( $(date +%%s) + 2 ))\nwhile [ $(date +%%s) -lt $end ]; do %s -r -B -q %s; done\n",
		filepath.Join(binDir, "io-static"), data)
	if err := os.WriteFile(sh, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-n",
		`profile-997 /execname == "io-static" && arg0/ { @[stack()] = count(); }`, "-c", sh)
	if res.status != 0 {
		t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
	}
	frame := regexp.MustCompile("^ {14}[A-Za-z0-9_.]+`[A-Za-z0-9_.$]+(\\+0x[0-9a-f]+)?$")
	count := regexp.MustCompile(`^ {10,}\d+$`)
	var stacks, samples int64
	frames := 0
	readSeen := false
	for _, l := range strings.Split(res.stdout, "\n") {
		switch {
		case l == "":
			frames = 0
		case frame.MatchString(l):
			frames++
			readSeen = readSeen || strings.Contains(l, "read")
		case count.MatchString(l):
			if frames == 0 {
				t.Errorf("count line %q without frames", l)
			}
			n, _ := strconv.ParseInt(strings.TrimSpace(l), 10, 64)
			samples += n
			stacks++
		default:
			t.Errorf("unexpected line %q", l)
		}
	}
	if stacks == 0 || samples < stacks {
		t.Fatalf("%d stacks, %d samples\n%s", stacks, samples, res.stdout)
	}
	if !readSeen {
		t.Errorf("no frame of a read path in io-static's kernel stacks\n%s", res.stdout)
	}
}
