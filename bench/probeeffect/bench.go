// This file implements the benchmark run: interleaved rounds over every configuration,
// then the start-up, detach, RSS and compile-time measurements, and the tables.

package probeeffect

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Options configures a run.
type Options struct {
	Rounds         int // interleaved rounds of the read-loop configurations
	Calls          int // read calls per workload run
	StartupRounds  int // rounds of each start-up scenario (bpftrace's syscall:::entry runs once)
	CompileClauses int // clauses in the compile-time script
	// Deadline, when not zero, is when the run must be over (go test's -timeout): rounds
	// stop early, saying so, to leave time for the start-up and compile measurements.
	Deadline time.Time
	Out      io.Writer
	Logf     func(format string, args ...any)
}

// DefaultOptions reads PROBEEFFECT_ROUNDS, PROBEEFFECT_CALLS and PROBEEFFECT_STARTUP_ROUNDS
// from the environment, defaulting to 7 rounds of 2,000,000 calls and 5 start-up rounds.
func DefaultOptions(out io.Writer) Options {
	env := func(name string, def int) int {
		if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
			return v
		}
		return def
	}
	return Options{
		Rounds:         env("PROBEEFFECT_ROUNDS", 7),
		Calls:          env("PROBEEFFECT_CALLS", 2000000),
		StartupRounds:  env("PROBEEFFECT_STARTUP_ROUNDS", 5),
		CompileClauses: 1000,
		Out:            out,
		Logf: func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, "probeeffect: "+format+"\n", args...)
		},
	}
}

// config is one row of the read-loop table.
type config struct {
	tool    string // "untraced", "floor", "bpftrace", "godtrace"
	pattern Pattern
	label   string
	run     func(started func(pid int)) (Result, error)
	// CPU and wall ns per call of the clean runs (no other process held a tracing
	// program from before the run to its end) and of the others.
	perCall, wall           []float64
	dirtyPerCall, dirtyWall []float64
	err                     error // the first failure; a config that never ran is disabled by it
	fails                   int
	retried                 int    // runs discarded and made again
	besides                 string // the other tracers of the last run that was not clean
}

// PinHarness pins every thread of this process to the tracer CPU, so the harness and
// the floor's loader never share the workload's CPU (threads created later inherit it).
func PinHarness() error {
	var set unix.CPUSet
	set.Set(TracerCPU)
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := unix.SchedSetaffinity(tid, &set); err != nil {
			return fmt.Errorf("pin harness thread %d to CPU %d: %w", tid, TracerCPU, err)
		}
	}
	return nil
}

// reserve is the time kept for the start-up and compile measurements after the rounds.
const reserve = 3 * time.Minute

// quietTimeout bounds the wait for other processes' tracing programs to go away.
const quietTimeout = 60 * time.Second

// steady is the set of other processes' tracing programs last waited for in vain.
var steady []Holder

// runClean runs c once, guarding against other processes' tracing programs (this machine
// is shared with other engineers' tests and tracers). Another program on the read's
// tracepoints does not simply add its own cost: the tracepoint's fixed cost (most of the
// floor) is then paid once for both, so a traced run beside it looks almost free. A run
// is clean when no other process held a tracing program from before it to its end. It
// waits up to quietTimeout for quiet (not again for a set it already waited for in vain),
// and runs again (twice at most) when programs came or went during the run; the result
// says whether the run it returns is clean.
func runClean(c *config, logf func(string, ...any)) (Result, bool, error) {
	for attempt := 0; ; attempt++ {
		before := ForeignTracers()
		if len(before) > 0 && !sameIDs(before, steady) {
			logf("%s %s: waiting up to %v for other tracers to finish: %s", c.tool, c.label, quietTimeout, SummarizeHolders(before))
			for deadline := time.Now().Add(quietTimeout); len(before) > 0 && !sameIDs(before, steady) && time.Now().Before(deadline); {
				time.Sleep(500 * time.Millisecond)
				before = ForeignTracers()
			}
			if len(before) > 0 {
				steady = before
			}
		}
		var tool atomic.Int64
		tool.Store(-1)
		done := make(chan struct{})
		changed := make(chan []Holder, 1)
		go func() {
			tick := time.NewTicker(250 * time.Millisecond)
			defer tick.Stop()
			for {
				if now := ForeignTracers(int(tool.Load())); !sameIDs(now, before) {
					changed <- now
					<-done
					return
				}
				select {
				case <-done:
					changed <- nil
					return
				case <-tick.C:
				}
			}
		}()
		res, err := c.run(func(pid int) { tool.Store(int64(pid)) })
		close(done)
		now := <-changed
		if err != nil {
			return res, false, err
		}
		if now == nil && len(before) == 0 {
			return res, true, nil
		}
		if now == nil {
			now = before
		}
		c.besides = SummarizeHolders(now)
		if attempt == 2 || (now != nil && sameIDs(now, steady) && len(steady) > 0) {
			return res, false, nil
		}
		c.retried++
		logf("%s %s: run again: other tracers were loaded during it: %s", c.tool, c.label, c.besides)
	}
}

// Run runs the whole benchmark and prints the tables to opts.Out.
func Run(opts Options) error {
	if runtime.NumCPU() < 2 {
		return fmt.Errorf("probeeffect needs two CPUs (workload on CPU %d, tracer on CPU %d); this machine has %d",
			WorkloadCPU, TracerCPU, runtime.NumCPU())
	}
	if err := EnsureTracefs(); err != nil {
		return err
	}
	if err := PinHarness(); err != nil {
		return err
	}
	root, err := RepoRoot()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "probeeffect")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	w, err := BuildWorkload(dir, opts.Calls)
	if err != nil {
		return err
	}
	bt := FindBpftrace(opts.Logf)
	gt := FindGodtrace(root, dir)
	out := opts.Out

	fmt.Fprintf(out, "\n## probe effect: %d interleaved rounds of %d read(fd, buf, 1) calls on /dev/zero\n\n", opts.Rounds, opts.Calls)
	machine(out, root, bt, gt)
	load0 := loadavg()

	configs := []*config{{tool: "untraced", label: "no tracer", run: func(func(int)) (Result, error) { return w.RunGated(nil) }}}
	floorLabels := map[Pattern]string{
		PatternEmpty:    "r0 = 0; exit",
		PatternPid:      "pid_tgid >> 32 != pid: exit",
		PatternCount:    "hash[tid]: lookup, atomic add or insert",
		PatternQuantize: "entry: hash[tid] = ktime; return: lookup, log2, atomic add, delete",
	}
	for _, p := range []Pattern{PatternEmpty, PatternPid, PatternCount, PatternQuantize} {
		p := p
		configs = append(configs, &config{tool: "floor", pattern: p, label: floorLabels[p], run: func(func(int)) (Result, error) {
			return w.RunGated(func(pid int) (func() error, error) {
				f, err := LoadFloor(p, uint32(pid))
				if err != nil {
					return nil, err
				}
				return f.Close, nil
			})
		}})
	}
	rawLabels := map[Pattern]string{
		PatternEmpty: "raw sys_enter: nr != read: exit",
		PatternPid:   "raw sys_enter: nr != read or pid_tgid >> 32 != pid: exit",
		PatternCount: "raw sys_enter: nr != read: exit; hash[tid] count",
	}
	for _, p := range []Pattern{PatternEmpty, PatternPid, PatternCount} {
		p := p
		configs = append(configs, &config{tool: "floor-raw", pattern: p, label: rawLabels[p], run: func(func(int)) (Result, error) {
			return w.RunGated(func(pid int) (func() error, error) {
				f, err := LoadRawFloor(p, uint32(pid))
				if err != nil {
					return nil, err
				}
				return f.Close, nil
			})
		}})
	}
	for _, tc := range []struct {
		tool    *Tool
		clauses []Clause
	}{{bt, BpftraceClauses()}, {gt, GodtraceClauses(root)}} {
		for _, c := range tc.clauses {
			t, c := tc.tool, c
			configs = append(configs, &config{tool: t.Name, pattern: c.Pattern, label: c.Label,
				err: t.Unavailable, run: func(started func(int)) (Result, error) { return t.RunTraced(w, c, started) }})
		}
	}

	var roundTime time.Duration
	for r := 0; r < opts.Rounds; r++ {
		if !opts.Deadline.IsZero() && r > 0 && time.Until(opts.Deadline) < roundTime+reserve {
			fmt.Fprintf(out, "stopped after %d of %d rounds: go test's -timeout is near (run with -timeout=60m)\n\n", r, opts.Rounds)
			break
		}
		start := time.Now()
		for i := range configs {
			c := configs[(i+r)%len(configs)]
			if c.err != nil && len(c.perCall)+len(c.dirtyPerCall) == 0 {
				continue
			}
			res, clean, err := runClean(c, opts.Logf)
			if err != nil {
				c.fails++
				if c.err == nil {
					c.err = err
				}
				opts.Logf("round %d: %s %s: %v", r+1, c.tool, c.label, err)
				continue
			}
			if clean {
				c.perCall = append(c.perCall, res.PerCall())
				c.wall = append(c.wall, res.WallPerCall())
			} else {
				c.dirtyPerCall = append(c.dirtyPerCall, res.PerCall())
				c.dirtyWall = append(c.dirtyWall, res.WallPerCall())
			}
		}
		roundTime = max(roundTime, time.Since(start))
		opts.Logf("round %d/%d done in %v", r+1, opts.Rounds, time.Since(start).Round(time.Millisecond))
	}
	load1 := loadavg()
	fmt.Fprintf(out, "load average before: %s; after: %s (other work on the machine shares both CPUs)\n\n", load0, load1)
	printOverhead(out, configs)

	fmt.Fprintf(out, "\n## start-up, detach, peak RSS (%d rounds; bpftrace's syscall:::entry 1 round)\n\n", opts.StartupRounds)
	startup(out, opts, dir, bt, gt)
	fmt.Fprintf(out, "\n## compile time: a generated %d-clause script\n\n", opts.CompileClauses)
	compileTime(out, opts, dir, bt, gt)
	return nil
}

func machine(out io.Writer, root string, tools ...*Tool) {
	var uts unix.Utsname
	unix.Uname(&uts)
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				model = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	fmt.Fprintf(out, "machine: Linux %s %s, %d CPUs (%s); workload on CPU %d, tracers and harness on CPU %d\n",
		unix.ByteSliceToString(uts.Release[:]), unix.ByteSliceToString(uts.Machine[:]), runtime.NumCPU(), model,
		WorkloadCPU, TracerCPU)
	if rev, err := exec.Command("git", "-C", root, "rev-parse", "--short", "HEAD").Output(); err == nil {
		fmt.Fprintf(out, "godtrace commit: %s", rev)
	}
	for _, t := range tools {
		switch {
		case t.Unavailable != nil:
			fmt.Fprintf(out, "%s: unavailable: %v\n", t.Name, t.Unavailable)
		default:
			fmt.Fprintf(out, "%s: %s %s\n", t.Name, t.Path, t.Note)
		}
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// targets from issue 6: godtrace's overhead against bpftrace's, per pattern.
var bpftraceTarget = map[Pattern]float64{PatternCount: 0.72, PatternQuantize: 0.82}

const floorTarget = 1.05

func printOverhead(out io.Writer, configs []*config) {
	// Overheads compare runs of one kind: clean ones, or, when the untraced loop never
	// ran clean, the ones beside other tracers (flagged: the syscall tracepoints' fixed
	// cost is then shared with the other tracer, so what remains is mostly the programs'
	// own cost).
	beside := len(configs[0].perCall) == 0 && len(configs[0].dirtyPerCall) > 0
	runsOf := func(c *config) ([]float64, []float64) {
		if beside {
			return c.dirtyPerCall, c.dirtyWall
		}
		return c.perCall, c.wall
	}
	flag := ""
	if beside {
		flag = " †"
		fmt.Fprintln(out, "† No untraced run was clean: every number below was measured beside other processes'")
		fmt.Fprintln(out, "  programs on the syscall tracepoints, whose fixed cost they then share; the overheads are")
		fmt.Fprintln(out, "  mostly the programs' own cost and are not comparable with clean runs.")
		fmt.Fprintln(out)
	}
	base := Summarize(func() []float64 { r, _ := runsOf(configs[0]); return r }())
	overhead := map[string]map[Pattern]float64{}
	fmt.Fprintln(out, "| tracer | clause | clean runs | CPU ns/call median | min | max | wall ns/call median | overhead ns/call |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|")
	for _, c := range configs {
		runs := strconv.Itoa(len(c.perCall))
		if c.fails > 0 {
			runs += fmt.Sprintf(", %d failed", c.fails)
		}
		if c.retried > 0 {
			runs += fmt.Sprintf(", %d rerun", c.retried)
		}
		if n := len(c.dirtyPerCall); n > 0 {
			runs += fmt.Sprintf(", %d beside other tracers", n)
		}
		xs, wall := runsOf(c)
		if len(xs) == 0 {
			if len(c.perCall)+len(c.dirtyPerCall) > 0 {
				fmt.Fprintf(out, "| %s | `%s` | %s | — | — | — | — | — |\n", c.tool, c.label, runs)
			}
			continue
		}
		s := Summarize(xs)
		ovh := "—"
		if c.tool != "untraced" && base.N > 0 {
			o := s.Median - base.Median
			ovh = fmt.Sprintf("%.0f%s", o, flag)
			if overhead[c.tool] == nil {
				overhead[c.tool] = map[Pattern]float64{}
			}
			overhead[c.tool][c.pattern] = o
		}
		fmt.Fprintf(out, "| %s | `%s` | %s | %.1f%s | %.1f | %.1f | %.1f | %s |\n", c.tool, c.label, runs, s.Median, flag, s.Min, s.Max,
			Summarize(wall).Median, ovh)
	}
	fmt.Fprintln(out)
	for _, c := range configs {
		if len(c.dirtyPerCall) > 0 {
			fmt.Fprintf(out, "%s `%s`: %d runs beside other tracers (last: %s)\n", c.tool, c.label, len(c.dirtyPerCall), c.besides)
		}
	}
	for _, c := range configs {
		if len(c.perCall)+len(c.dirtyPerCall) == 0 && c.err != nil {
			fmt.Fprintf(out, "%s: not yet able to run %s: %v\n", c.tool, c.label, c.err)
		}
	}
	fmt.Fprintln(out)
	fmt.Fprintln(out, "| pattern | floor ns | raw floor ns | bpftrace ns | godtrace ns | godtrace/floor (target ≤ 1.05) | godtrace/raw floor | godtrace/bpftrace (target) | bpftrace/floor |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|")
	for p := PatternEmpty; p < numPatterns; p++ {
		cell := func(tool string) (float64, bool, string) {
			o, ok := overhead[tool][p]
			if !ok {
				return 0, false, "—"
			}
			return o, true, fmt.Sprintf("%.0f", o)
		}
		fo, fok, fs := cell("floor")
		ro, rok, rs := cell("floor-raw")
		bo, bok, bs := cell("bpftrace")
		gov, gok, gs := cell("godtrace")
		ratio := func(a, b float64, ok bool, target float64) string {
			if !ok || b <= 0 {
				return "—"
			}
			r := a / b
			if target == 0 {
				return fmt.Sprintf("%.2f", r)
			}
			verdict := "meets"
			if r > target {
				verdict = "MISSES"
			}
			return fmt.Sprintf("%.2f (≤ %.2f: %s)", r, target, verdict)
		}
		gf := ratio(gov, fo, gok && fok, floorTarget)
		if p == PatternLab {
			gf = "— (no floor)"
		}
		gb := ratio(gov, bo, gok && bok, bpftraceTarget[p])
		bf := ratio(bo, fo, bok && fok, 0)
		gr := ratio(gov, ro, gok && rok, 0)
		fmt.Fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p, fs, rs, bs, gs, gf, gr, gb, bf)
	}
}

type startupRow struct {
	armed, exit, detach, cpu []time.Duration
	rss                      []float64
	unchecked, resent        int
	err                      error
}

func startup(out io.Writer, opts Options, dir string, bt, gt *Tool) {
	// The floor: load and attach the two quantize programs in this process, then close.
	var fa, fd []time.Duration
	for i := 0; i < opts.StartupRounds; i++ {
		a, d, err := FloorStartup()
		if err != nil {
			fmt.Fprintf(out, "floor start-up: %v\n", err)
			break
		}
		fa, fd = append(fa, a), append(fd, d)
	}
	pid := os.Getpid()
	tools := []*Tool{bt, gt}
	scripts := map[string][]StartupScript{}
	for _, t := range tools {
		scripts[t.Name] = StartupScripts(t.Name, pid)
	}
	rows := map[string]*startupRow{}
	key := func(t *Tool, i int) string { return t.Name + "\x00" + scripts[t.Name][i].Name }
	for r := 0; r < opts.StartupRounds; r++ {
		for i := range scripts[bt.Name] {
			for _, t := range tools {
				s := scripts[t.Name][i]
				row := rows[key(t, i)]
				if row == nil {
					row = &startupRow{}
					rows[key(t, i)] = row
				}
				if t.Unavailable != nil {
					row.err = t.Unavailable
					continue
				}
				if row.err != nil && len(row.exit) == 0 {
					continue
				}
				if t.Name == "bpftrace" && s.Name == "syscall:::entry" && r > 0 {
					continue // about half a minute each (361 tracepoints closed one by one)
				}
				st, err := t.MeasureStartup(dir, s)
				if err != nil {
					if row.err == nil {
						row.err = err
					}
					opts.Logf("start-up %s %s: %v", t.Name, s.Name, err)
					continue
				}
				if s.Armed || s.Probe {
					row.armed = append(row.armed, st.Armed)
					row.detach = append(row.detach, st.Detach)
				}
				row.exit = append(row.exit, st.Exit)
				row.cpu = append(row.cpu, st.CPU)
				row.rss = append(row.rss, float64(st.MaxRSS)/1024)
				if !st.Checked {
					row.unchecked++
				}
				row.resent += st.Resent
			}
		}
		opts.Logf("start-up round %d/%d done", r+1, opts.StartupRounds)
	}
	ms := func(ds []time.Duration) string {
		if len(ds) == 0 {
			return "—"
		}
		s := SummarizeDurations(ds)
		return fmt.Sprintf("%.1f (%.1f–%.1f)", s.Median, s.Min, s.Max)
	}
	fmt.Fprintln(out, "| tracer | script | runs | to armed ms | to exit ms | detach ms | CPU ms | peak RSS MiB | probes seen after armed |")
	fmt.Fprintln(out, "|---|---|---|---|---|---|---|---|---|")
	if len(fa) > 0 {
		fmt.Fprintf(out, "| floor | load + attach sys_enter_read, sys_exit_read (in-process) | %d | %s | — | %s | — | — | — |\n", len(fa), ms(fa), ms(fd))
	}
	for i := range scripts[bt.Name] {
		for _, t := range tools {
			row := rows[key(t, i)]
			name := scripts[t.Name][i].Name
			if row == nil || len(row.exit) == 0 {
				continue
			}
			seen := "yes"
			if sc := scripts[t.Name][i]; !sc.Armed && !sc.Probe {
				seen = "—"
			} else if row.unchecked > 0 {
				seen = fmt.Sprintf("NO in %d of %d runs", row.unchecked, len(row.exit))
			}
			exit := ms(row.exit)
			if sc := scripts[t.Name][i]; sc.Armed || sc.Probe {
				exit = "(SIGINT) " + exit
			}
			if row.resent > 0 {
				exit += fmt.Sprintf(", SIGINT resent %d×", row.resent)
			}
			rss := Summarize(row.rss)
			fmt.Fprintf(out, "| %s | `%s` | %d | %s | %s | %s | %s | %.1f | %s |\n", t.Name, name, len(row.exit),
				ms(row.armed), exit, ms(row.detach), ms(row.cpu), rss.Median, seen)
		}
	}
	fmt.Fprintln(out)
	for i := range scripts[bt.Name] {
		for _, t := range tools {
			if row := rows[key(t, i)]; row != nil && len(row.exit) == 0 && row.err != nil {
				fmt.Fprintf(out, "%s: not yet able to run %s: %v\n", t.Name, scripts[t.Name][i].Name, row.err)
			}
		}
	}
	// Targets.
	b, g := rows[key(bt, 0)], rows[key(gt, 0)]
	if b != nil && g != nil && len(b.exit) > 0 && len(g.exit) > 0 {
		be, ge := SummarizeDurations(b.exit).Median, SummarizeDurations(g.exit).Median
		br, gr := Summarize(b.rss).Median, Summarize(g.rss).Median
		bc, gc := SummarizeDurations(b.cpu).Median, SummarizeDurations(g.cpu).Median
		fmt.Fprintf(out, "BEGIN { exit(0); } start to exit: godtrace/bpftrace = %.3f (target ≤ 0.10: %s; CPU time %.3f); peak RSS godtrace/bpftrace = %.3f (target ≤ 0.25: %s)\n",
			ge/be, verdict(ge/be <= 0.10), gc/bc, gr/br, verdict(gr/br <= 0.25))
	}
	if g := rows[key(gt, 2)]; g != nil && len(g.armed) > 0 {
		a, d := SummarizeDurations(g.armed).Median, SummarizeDurations(g.detach).Median
		fmt.Fprintf(out, "godtrace syscall:::entry armed %.0f ms + detached %.0f ms = %.0f ms (target: well under 1000 ms: %s)\n",
			a, d, a+d, verdict(a+d < 500))
	}
}

func verdict(ok bool) string {
	if ok {
		return "meets"
	}
	return "MISSES"
}

func compileTime(out io.Writer, opts Options, dir string, bt, gt *Tool) {
	fmt.Fprintln(out, "| tracer | command | runs | wall ms median (min–max) | peak RSS MiB |")
	fmt.Fprintln(out, "|---|---|---|---|---|")
	for _, t := range []*Tool{bt, gt} {
		if t.Unavailable != nil {
			fmt.Fprintf(out, "| %s | — | 0 | not yet able to run: %v | — |\n", t.Name, t.Unavailable)
			continue
		}
		file, err := scriptFile(dir, t.Name+"-compile.script", CompileScript(t.Name, opts.CompileClauses))
		if err != nil {
			fmt.Fprintf(out, "| %s | — | 0 | %v | — |\n", t.Name, err)
			continue
		}
		args := CompileArgs(t.Name, file, dir)
		rounds := 3
		if t.Name == "bpftrace" {
			rounds = 1 // about 16 s each here
		}
		var ds []time.Duration
		var rss []float64
		var ferr error
		for i := 0; i < rounds; i++ {
			d, r, err := t.MeasureCompile(args)
			if err != nil {
				ferr = err
				break
			}
			ds, rss = append(ds, d), append(rss, float64(r)/1024)
		}
		cmdline := t.Name + " " + strings.Join(args[:len(args)-1], " ") + " script"
		if t.Name == "bpftrace" {
			cmdline = "bpftrace --emit-elf FILE script (dry run: parse, codegen, no load)"
		}
		if len(ds) == 0 {
			fmt.Fprintf(out, "| %s | `%s` | 0 | not yet able to run: %v | — |\n", t.Name, cmdline, ferr)
			continue
		}
		s := SummarizeDurations(ds)
		fmt.Fprintf(out, "| %s | `%s` | %d | %.0f (%.0f–%.0f) | %.1f |\n", t.Name, cmdline, len(ds), s.Median, s.Min, s.Max, Summarize(rss).Median)
	}
}
