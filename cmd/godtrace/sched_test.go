// This file implements the end-to-end tests of the sched provider in the course's forms:
// `@[execname] = count()` on off-cpu includes a traced helper that sleeps N times, and a
// thread-local timestamp set at sched:::sleep feeds a quantize() whose rows add up to the
// sleeps timed.
package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSchedOffCPUExecname(t *testing.T) {
	needRoot(t)
	const n = 30
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-n",
		`sched:::off-cpu { @[execname] = count(); } sched:::sleep /pid == $target/ { @sleeps = count(); }`,
		"-c", fmt.Sprintf("%s nanosleep %d", filepath.Join(binDir, "trigger"), n))
	if res.status != 0 {
		t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
	}
	counts := parseCounts(res.stdout)
	if counts["trigger"] < n {
		t.Errorf("off-cpu counted %d for trigger, want at least %d (its nanosleeps)\n%s", counts["trigger"], n, res.stdout)
	}
	lines := strings.Split(strings.TrimRight(res.stdout, "\n"), "\n")
	sleeps, err := strconv.ParseInt(strings.TrimSpace(lines[len(lines)-1]), 10, 64)
	if err != nil || sleeps < n || sleeps > counts["trigger"] {
		t.Errorf("@sleeps = %d (%v), want between %d and the off-cpu count %d\n%s", sleeps, err, n, counts["trigger"], res.stdout)
	}
}

func TestSchedSleepQuantize(t *testing.T) {
	needRoot(t)
	const n = 20
	script := `
sched:::sleep
/execname == "trigger" && tid == $target/
{
	self->ts = timestamp;
}

syscall::nanosleep:return, syscall::clock_nanosleep:return
/self->ts/
{
	@lat = quantize(timestamp - self->ts);
	@n = count();
	self->ts = 0;
}
`
	res := runGodtrace(t, ".", 30*time.Second, "-q", "-n", script,
		"-c", fmt.Sprintf("%s nanosleep %d", filepath.Join(binDir, "trigger"), n))
	if res.status != 0 {
		t.Fatalf("exit status %d\nstderr:\n%s", res.status, res.stderr)
	}
	var sum, rows int64
	var last string
	for _, l := range strings.Split(strings.TrimRight(res.stdout, "\n"), "\n") {
		if g := quantRow.FindStringSubmatch(l); g != nil {
			v, _ := strconv.ParseInt(g[1], 10, 64)
			c, _ := strconv.ParseInt(g[2], 10, 64)
			// A 1 ms nanosleep blocks for at least 1 ms: nothing below the 512 µs row.
			if c > 0 && v < 524288 {
				t.Errorf("%d sleeps timed in the %d ns row, under 1 ms\n%s", c, v, res.stdout)
			}
			sum += c
			rows++
		}
		last = l
	}
	timed, err := strconv.ParseInt(strings.TrimSpace(last), 10, 64)
	if err != nil || timed != n || sum != n || rows < 3 {
		t.Errorf("%d sleeps timed (%v), quantize rows (%d) sum to %d; want %d\n%s", timed, err, rows, sum, n, res.stdout)
	}
}
