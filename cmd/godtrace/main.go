// Command godtrace runs DTrace D scripts on Linux, compiled to eBPF. Its command line,
// messages, output and exit statuses are dtrace(1)'s: see usage in options.go.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/godtrace/godtrace/driver"
)

// Exit statuses, as dtrace(1)'s.
const (
	exitOK    = driver.ExitOK
	exitError = driver.ExitError
	exitUsage = driver.ExitUsage
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
	x      *driver.Options
}

// errorf prints "prog: msg" on stderr.
func (t *tool) errorf(format string, args ...any) {
	fmt.Fprintf(t.stderr, "%s: %s\n", t.prog, fmt.Sprintf(format, args...))
}

// notice prints a message suppressed by quiet, as dtrace(1)'s notice().
func (t *tool) notice(format string, args ...any) {
	if !t.x.Quiet {
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
	t.x = driver.DefaultOptions()
	t.x.Quiet = o.quiet
	t.x.ZDefs = o.zero
	t.x.Destructive = o.destr
	t.x.PrintAggs = o.oprint
	for _, x := range o.xopts {
		if err := t.x.Set(x.name, x.val); err != nil {
			if x.flag != "" {
				t.errorf("failed to set %s: %v", x.flag, err)
			} else {
				t.errorf("failed to set -x %s: %v", x.name, err)
			}
			return exitError
		}
	}
	return t.main()
}

func (t *tool) main() int {
	if len(t.o.cmds) > 0 && len(t.o.pids) > 0 {
		t.errorf("only one of -c and -p may be specified")
		return exitUsage
	}
	d := driver.New(driver.Config{Prog: t.prog, Out: t.stdout, Err: t.stderr, Options: t.x,
		Verbose: t.o.verbose, List: t.o.list})
	srcs, err := d.ReadSources(t.o.sources)
	if err != nil {
		return d.Report(err)
	}
	if len(srcs) == 0 && !t.o.list {
		fmt.Fprint(t.stderr, usage(t.prog))
		return exitUsage
	}
	child, target, err := t.target()
	if err != nil {
		t.errorf("%v", err)
		return exitError
	}
	defer child.kill()
	d.MacroArgs = append([]string{"godtrace"}, t.o.args...)
	d.MacroVars = driver.MacroVars(target)
	if err := d.Open(); err != nil {
		return d.Report(err)
	}
	if t.o.list {
		ms, err := d.MatchSources(srcs)
		if err != nil {
			return d.Report(err)
		}
		if err := d.ListProbes(ms); err != nil {
			return exitError
		}
		return exitOK
	}
	checked, err := d.FrontEnd(srcs)
	if err != nil {
		return d.Report(err)
	}
	if t.o.asm {
		d.Asm = t.stderr
	}
	obj, err := d.Compile(checked)
	if err != nil {
		return d.Report(err)
	}
	if t.o.compile {
		return exitOK
	}
	if t.o.output != "" {
		f, err := os.OpenFile(t.o.output, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o666)
		if err != nil {
			t.errorf("failed to open output file '%s': %s", t.o.output, driver.ErrText(err))
			return exitError
		}
		defer f.Close()
		d.Out = f
	}
	s, err := d.Load(obj)
	if err != nil {
		return d.Report(err)
	}
	defer s.Close()
	if err := d.Attach(s); err != nil {
		return d.Report(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupted, stop := interrupts(ctx, cancel)
	defer stop()
	status, err := d.Consume(ctx, s, checked, driver.Hooks{
		Armed:       func() error { return t.resumeTarget(ctx, cancel, child) },
		Interrupted: interrupted,
	})
	if err != nil {
		return d.Report(err)
	}
	return status
}

// interrupts cancels ctx on SIGINT or SIGTERM and closes the returned channel; a second
// signal ends the process at once, as dtrace(1) turns impatient and leaves without END's
// output or the aggregations (the kernel drops every program and link with the
// process). stop stops listening.
func interrupts(ctx context.Context, cancel func()) (interrupted <-chan struct{}, stop func()) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sigs:
			close(done)
			cancel()
		case <-ctx.Done():
			return
		}
		<-sigs
		os.Exit(exitOK)
	}()
	return done, func() { signal.Stop(sigs) }
}
