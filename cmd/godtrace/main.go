// Command godtrace runs DTrace D scripts on Linux, compiled to eBPF. Its command line,
// messages, output and exit statuses are dtrace(1)'s: see usage in options.go.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/parser"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/runtime/provider"
	"github.com/godtrace/godtrace/runtime/session"
)

// Exit statuses, as dtrace(1)'s.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

func main() {
	if stoppedChild() {
		return // not reached: the child execs the command
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// tool is one invocation.
type tool struct {
	prog   string // basename of argv[0]
	stdout io.Writer
	stderr io.Writer
	o      *options
	x      *xopts
}

// errorf prints "prog: msg" on stderr.
func (t *tool) errorf(format string, args ...any) {
	fmt.Fprintf(t.stderr, "%s: %s\n", t.prog, fmt.Sprintf(format, args...))
}

// notice prints a message suppressed by quiet, as dtrace(1)'s notice().
func (t *tool) notice(format string, args ...any) {
	if !t.x.quiet {
		t.errorf(format, args...)
	}
}

func run(argv []string, stdout, stderr io.Writer) int {
	t := &tool{prog: filepath.Base(argv[0]), stdout: stdout, stderr: stderr}
	if len(argv) == 1 {
		fmt.Fprint(stderr, usage(t.prog))
		return exitUsage
	}
	o, err := parseArgs(argv[1:])
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "%s: %s\n", t.prog, ue.msg)
			fmt.Fprint(stderr, usage(t.prog))
			return exitUsage
		}
		t.errorf("%v", err)
		return exitError
	}
	t.o = o
	t.x = defaultXopts()
	if o.quiet {
		t.x.quiet = true
	}
	if o.zero {
		t.x.zdefs = true
	}
	if o.destr {
		t.x.destructive = true
	}
	for _, kv := range o.xopts {
		if err := t.x.set(kv[0], kv[1]); err != nil {
			t.errorf("failed to set -x %s: %v", kv[0], err)
			return exitError
		}
	}
	return t.main()
}

// unit is one compiled source (-s or -n).
type unit struct {
	src     source
	prog    *ast.Program
	matches [][]*provider.Probe                  // per clause
	descs   map[*ast.ProbeDesc][]*provider.Probe // per probe description
	info    *types.Info
	total   int
}

func (t *tool) main() int {
	if len(t.o.cmds) > 0 && len(t.o.pids) > 0 {
		t.errorf("only one of -c and -p may be specified")
		return exitUsage
	}
	// Read the sources.
	for i := range t.o.sources {
		s := &t.o.sources[i]
		if s.script {
			b, err := os.ReadFile(s.name)
			if err != nil {
				t.errorf("failed to open %s: %s", s.name, errText(err))
				return exitError
			}
			s.text = string(b)
		}
	}
	if len(t.o.sources) == 0 && !t.o.list {
		fmt.Fprint(t.stderr, usage(t.prog))
		return exitUsage
	}

	// The traced process: -c creates it stopped (it execs once the probes are armed).
	var child *stopped
	// The macro variables of godtrace's own process ($pid, $ppid...), and $target.
	macros := map[string]string{
		"target": "0",
		"pid":    strconv.Itoa(os.Getpid()),
		"ppid":   strconv.Itoa(os.Getppid()),
		"uid":    strconv.Itoa(os.Getuid()),
		"gid":    strconv.Itoa(os.Getgid()),
		"euid":   strconv.Itoa(os.Geteuid()),
		"egid":   strconv.Itoa(os.Getegid()),
		"pgid":   strconv.Itoa(syscall.Getpgrp()),
	}
	if sid, err := unix.Getsid(0); err == nil {
		macros["sid"] = strconv.Itoa(sid)
	}
	if len(t.o.cmds) > 0 {
		var err error
		if child, err = startStopped(t.o.cmds[0]); err != nil {
			t.errorf("failed to execute %s: %s", t.o.cmds[0], errText(err))
			return exitError
		}
		defer child.kill()
		macros["target"] = strconv.Itoa(child.pid())
	} else if len(t.o.pids) > 0 {
		if err := syscall.Kill(t.o.pids[0], 0); err != nil {
			t.errorf("failed to grab pid %d: %s", t.o.pids[0], errText(err))
			return exitError
		}
		macros["target"] = strconv.Itoa(t.o.pids[0])
	}
	macroArgs := append([]string{"godtrace"}, t.o.args...)

	cat, err := provider.Load()
	if err != nil {
		t.errorf("failed to initialize dtrace: %v", err)
		return exitError
	}

	// Parse, apply pragmas, check, match.
	var units []*unit
	for _, s := range t.o.sources {
		u, code := t.frontEnd(s, macroArgs, macros, cat)
		if code != exitOK {
			return code
		}
		units = append(units, u)
	}
	if t.o.list {
		return t.list(cat, units)
	}

	// Compile every unit into one object: DTrace's programs share one state.
	prog, matches := merge(units)
	cmacros := map[string]string{}
	for k, v := range macros {
		cmacros[k] = v
	}
	for i, a := range macroArgs {
		cmacros[strconv.Itoa(i)] = a
	}
	exprTypes := map[ast.Expr]types.Type{}
	members := map[*ast.SelectorExpr]*types.Field{}
	translated := map[*ast.SelectorExpr]ast.Expr{}
	userMem := map[ast.Expr]bool{}
	typeNames := map[*ast.TypeName]types.Type{}
	consts := map[ast.Expr]types.Const{}
	var vars compiler.CheckedVars
	for _, u := range units {
		for e, ty := range u.info.Types {
			exprTypes[e] = ty
		}
		for e, m := range u.info.Members {
			members[e] = m
		}
		for e, tr := range u.info.Translated {
			if tr.Expr != nil {
				translated[e] = tr.Expr
			}
		}
		for e, ok := range u.info.UserMem {
			userMem[e] = ok
		}
		for e, ty := range u.info.TypeNames {
			typeNames[e] = ty
		}
		for e, c := range u.info.Consts {
			consts[e] = c
		}
		vars.Globals = append(vars.Globals, u.info.Globals...)
		vars.ThreadLocals = append(vars.ThreadLocals, u.info.ThreadLocals...)
		vars.ClauseLocals = append(vars.ClauseLocals, u.info.ClauseLocals...)
	}
	var sources []*ast.Program
	if len(units) > 1 {
		for _, u := range units {
			for range u.prog.Clauses {
				sources = append(sources, u.prog)
			}
		}
	}
	conf := &compiler.Config{StrSize: t.x.strsize, Quiet: t.x.quiet, BufSize: t.x.bufsize, Sources: sources,
		AggSize: t.x.aggsize, Macros: cmacros, Types: exprTypes, Members: members, Translated: translated, UserMem: userMem,
		TypeNames: typeNames, Consts: consts, Vars: vars}
	cm := make([][]compiler.Probe, len(matches))
	for i, m := range matches {
		cm[i] = session.Probes(m)
	}
	obj, err := compiler.Compile(prog, cm, conf)
	if err != nil {
		return t.compileError(units, err)
	}
	if t.o.asm {
		printAsm(t.stderr, obj)
	}
	total := 0
	for _, u := range units {
		total += u.total
	}
	if total == 0 && !t.x.zdefs {
		t.errorf("no probes matched")
		return exitError
	}
	if t.o.compile {
		return exitOK
	}

	out := t.stdout
	if t.o.output != "" {
		f, err := os.OpenFile(t.o.output, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
		if err != nil {
			t.errorf("failed to open output file '%s': %s", t.o.output, errText(err))
			return exitError
		}
		defer f.Close()
		out = f
	}
	pr := session.NewPrinter(out, t.x.quiet, t.x.flowindent)
	s, err := session.Load(obj, session.Config{Prog: t.prog, Out: out, Err: t.stderr,
		Verbose: t.o.verbose, Printer: pr, Sort: t.x.sort})
	if err != nil {
		return t.loadError(err)
	}
	defer s.Close()
	if err := s.Arm(); err != nil {
		t.errorf("could not enable tracing: %v", err)
		return exitError
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	interrupted := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			close(interrupted)
			cancel()
		case <-ctx.Done():
			return
		}
		// A second signal: dtrace(1) turns impatient and leaves without END's output or
		// the aggregations; the kernel drops every program and link with the process.
		<-sigs
		os.Exit(exitOK)
	}()
	var armedErr error
	status, err := s.Run(ctx, session.Hooks{
		Armed: func() {
			t.matched(units)
			armedErr = t.resumeTarget(ctx, cancel, child)
		},
		Stopping: func() {
			select {
			case <-interrupted:
				// dtrace(1) prints a newline when interrupted, even when quiet.
				pr.Write("\n")
			default:
			}
		},
	})
	if err == nil {
		err = armedErr
	}
	if err != nil {
		t.errorf("%v", err)
		return exitError
	}
	// The final newline dtrace(1) prints after consuming, quiet or not, then every
	// aggregation not yet printed.
	pr.Write("\n")
	if err := s.PrintAggregations(out, t.x.quiet); err != nil {
		t.errorf("failed to print aggregations: %v", err)
		return exitError
	}
	return status
}

// matched prints dtrace(1)'s "matched N probes" notice for every source.
func (t *tool) matched(units []*unit) {
	for _, u := range units {
		desc, name := "description", u.src.name
		if u.src.script {
			desc = "script"
		} else if k := strings.IndexAny(name, "{/;"); k >= 0 {
			name = name[:k]
		}
		plural := "s"
		if u.total == 1 {
			plural = ""
		}
		t.notice("%s '%s' matched %d probe%s", desc, name, u.total, plural)
	}
	if t.x.destructive {
		t.notice("allowing destructive actions")
	}
}

// resumeTarget lets the -c command run (or starts watching the -p process); its end
// cancels the session.
func (t *tool) resumeTarget(ctx context.Context, cancel func(), child *stopped) error {
	if child != nil {
		if err := child.resume(); err != nil {
			cancel()
			return fmt.Errorf("failed to execute %s: %s", t.o.cmds[0], errText(err))
		}
		go func() {
			st := child.wait()
			t.procExited(child.pid(), st)
			cancel()
		}()
	} else if len(t.o.pids) > 0 {
		go func() {
			watchPid(ctx, t.o.pids[0])
			t.notice("pid %d has exited", t.o.pids[0])
			cancel()
		}()
	}
	return nil
}

// procExited reports the end of the -c command as dtrace(1)'s prochandler does.
func (t *tool) procExited(pid int, st *os.ProcessState) {
	if st == nil {
		t.notice("pid %d has exited", pid)
		return
	}
	ws, _ := st.Sys().(syscall.WaitStatus)
	switch {
	case ws.Signaled():
		t.notice("pid %d terminated by %s", pid, sigName(ws.Signal()))
	case ws.ExitStatus() != 0:
		t.notice("pid %d exited with status %d", pid, ws.ExitStatus())
	default:
		t.notice("pid %d has exited", pid)
	}
}

// frontEnd parses and checks one source and matches its probe descriptions.
func (t *tool) frontEnd(s source, macroArgs []string, macros map[string]string, cat *provider.Catalogue) (*unit, int) {
	popts := &parser.Options{MacroArgs: macroArgs, MacroVars: macros}
	var prog *ast.Program
	var err error
	if s.script {
		prog, err = parser.ParseProgram(s.name, []byte(s.text), popts)
	} else {
		prog, err = parser.ParseProbeSpec(s.text, popts)
	}
	if err != nil {
		return nil, t.diagError(s, err)
	}
	for _, p := range prog.Pragmas {
		name, val, ok := p.Option()
		if !ok {
			continue
		}
		if err := t.x.set(name, val); err != nil {
			e := diag.Errorf(prog.Position(p.Pos()), diag.D_PRAGMA_INVAL, "failed to set option '%s': %v", name, err)
			return nil, t.diagError(s, diag.List{e})
		}
	}
	u := &unit{src: s, prog: prog, descs: map[*ast.ProbeDesc][]*provider.Probe{}}
	for _, cl := range prog.Clauses {
		var ms []*provider.Probe
		seen := map[uint32]bool{}
		for _, d := range cl.Probes {
			got, err := cat.Match(d.Provider, d.Module, d.Function, d.Name)
			if err != nil {
				e := diag.Errorf(prog.Position(d.Pos()), diag.D_PDESC_INVAL, "%s", err.Error())
				return nil, t.diagError(s, diag.List{e})
			}
			if len(got) == 0 && !t.x.zdefs && !t.o.list {
				msg := fmt.Sprintf("probe description %s:%s:%s:%s does not match any probes", d.Provider, d.Module, d.Function, d.Name)
				if why, ok := provider.MissingProbe(d.Provider, d.Name); ok {
					msg += ": " + why
				}
				e := diag.Errorf(prog.Position(d.Pos()), diag.D_PDESC_ZERO, "%s", msg)
				return nil, t.diagError(s, diag.List{e})
			}
			u.descs[d] = got
			for _, p := range got {
				if !seen[p.ID] {
					seen[p.ID] = true
					ms = append(ms, p)
				}
			}
		}
		u.matches = append(u.matches, ms)
	}
	// DTrace counts the probes each clause enables.
	for _, m := range u.matches {
		u.total += len(m)
	}
	if !t.o.list {
		info, err := t.check(u, macroArgs, macros)
		if err != nil {
			return nil, t.diagError(s, err)
		}
		u.info = info
	}
	return u, exitOK
}

// diagError prints a front-end error and returns the exit status.
func (t *tool) diagError(s source, err error) int {
	e := diag.First(err)
	if e == nil {
		t.errorf("%v", err)
		return exitError
	}
	if r := types.Region(e); r != "" && !s.script {
		// dtrace -n labels checking errors with where they were found.
		c := *e
		c.Msg = "in " + r + ": " + c.Msg
		e = &c
	}
	fmt.Fprintln(t.stderr, diag.Format(t.prog, s.name, s.script, e, t.x.errtags))
	return exitError
}

// compileError reports a code-generation error against the source it came from.
func (t *tool) compileError(units []*unit, err error) int {
	e := diag.First(err)
	if e == nil {
		t.errorf("%v", err)
		return exitError
	}
	s := units[0].src
	for _, u := range units {
		if u.prog.File != nil && u.prog.File.Name() == e.Pos.Filename {
			s = u.src
		}
	}
	fmt.Fprintln(t.stderr, diag.Format(t.prog, s.name, s.script, e, t.x.errtags))
	return exitError
}

// loadError reports a program the kernel refused.
func (t *tool) loadError(err error) int {
	t.errorf("%v", err)
	var le *session.LoadError
	if t.o.verbose && errors.As(err, &le) {
		fmt.Fprintf(t.stderr, "%+v\n", le.Err)
	}
	return exitError
}

// list prints the probes the sources match, or all of them (-l).
func (t *tool) list(cat *provider.Catalogue, units []*unit) int {
	var ps []*provider.Probe
	if len(units) == 0 {
		ps = cat.Probes()
	} else {
		seen := map[uint32]bool{}
		for _, u := range units {
			for _, m := range u.matches {
				for _, p := range m {
					if !seen[p.ID] {
						seen[p.ID] = true
						ps = append(ps, p)
					}
				}
			}
		}
	}
	if err := provider.List(t.stdout, ps); err != nil {
		return exitError
	}
	return exitOK
}

// merge concatenates the clauses of every unit into one program.
func merge(units []*unit) (*ast.Program, [][]*provider.Probe) {
	if len(units) == 1 {
		return units[0].prog, units[0].matches
	}
	prog := &ast.Program{File: units[0].prog.File, EOF: units[0].prog.EOF}
	var matches [][]*provider.Probe
	for _, u := range units {
		prog.Decls = append(prog.Decls, u.prog.Decls...)
		prog.Clauses = append(prog.Clauses, u.prog.Clauses...)
		prog.Pragmas = append(prog.Pragmas, u.prog.Pragmas...)
		matches = append(matches, u.matches...)
	}
	return prog, matches
}

// errText is the strerror-like text of an error.
func errText(err error) string {
	if errors.Is(err, exec.ErrNotFound) {
		return "No such file or directory"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return err.Error()
}
