// This file implements the steps from the compiled object to the printed output: Load,
// Attach and Consume.
package driver

import (
	"context"
	"fmt"
	"strings"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/runtime/session"
)

// Session is a loaded object and the printer of its records.
type Session struct {
	*session.Session
	printer *session.RecordPrinter
}

// Load creates the object's maps and loads its programs; a program the verifier refuses
// is a *session.LoadError (Report adds the verifier's log with -v).
func (d *Driver) Load(obj *compiler.Object) (*Session, error) {
	pr := session.NewPrinter(d.Out, d.Options.Quiet, d.Options.FlowIndent)
	s, err := session.Load(obj, session.Config{Prog: d.Prog, Out: d.Out, Err: d.Err,
		Verbose: d.Verbose, Printer: pr, Sort: d.Options.Sort})
	if err != nil {
		return nil, err
	}
	return &Session{Session: s, printer: pr}, nil
}

// Attach attaches every program to its probe.
func (d *Driver) Attach(s *Session) error {
	if err := s.Arm(); err != nil {
		return fmt.Errorf("could not enable tracing: %w", err)
	}
	return nil
}

// Hooks are the caller's part of Consume.
type Hooks struct {
	// Armed, when set, runs once BEGIN has fired and every probe is live, after the
	// "matched N probes" notices (start the traced command there).
	Armed func() error
	// Interrupted, when closed before the session stops, means a signal stopped it:
	// dtrace(1) then prints a newline before END's output, even when quiet.
	Interrupted <-chan struct{}
}

// Consume fires BEGIN, prints the records until exit(), ctx's end or an error, fires
// END, and prints the aggregations not yet printed; it returns the exit status (exit()'s
// argument, else 0). cs are the sources, for the notices.
func (d *Driver) Consume(ctx context.Context, s *Session, cs []*Checked, h Hooks) (int, error) {
	var armedErr error
	status, err := s.Run(ctx, session.Hooks{
		Armed: func() {
			d.matched(cs)
			if h.Armed != nil {
				armedErr = h.Armed()
			}
		},
		Stopping: func() {
			select {
			case <-h.Interrupted:
				s.printer.Write("\n")
			default:
			}
		},
	})
	if err == nil {
		err = armedErr
	}
	if err != nil {
		return ExitError, err
	}
	// The final newline dtrace(1) prints after consuming, quiet or not, then every
	// aggregation not yet printed.
	s.printer.Write("\n")
	if err := s.PrintAggregations(d.Out, d.Options.Quiet); err != nil {
		return ExitError, fmt.Errorf("failed to print aggregations: %w", err)
	}
	return status, nil
}

// Notice prints a message on Err as dtrace(1)'s notice() does: "prog: msg", unless quiet.
func (d *Driver) Notice(format string, args ...any) {
	if !d.Options.Quiet {
		fmt.Fprintf(d.Err, "%s: %s\n", d.Prog, fmt.Sprintf(format, args...))
	}
}

// matched prints dtrace(1)'s "matched N probes" notice for every source.
func (d *Driver) matched(cs []*Checked) {
	for _, c := range cs {
		desc, name := "description", c.Source.Name
		if c.Source.Script {
			desc = "script"
		} else if k := strings.IndexAny(name, "{/;"); k >= 0 {
			name = name[:k]
		}
		plural := "s"
		if c.Total == 1 {
			plural = ""
		}
		d.Notice("%s '%s' matched %d probe%s", desc, name, c.Total, plural)
	}
	if d.Options.Destructive {
		d.Notice("allowing destructive actions")
	}
}
