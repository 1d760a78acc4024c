// This file implements the steps from the compiled object to the printed output: Load,
// Attach and Consume.
package driver

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/runtime/session"
)

// Session is a loaded object and the printer of its records: text (printer) or, with
// -x oformat=json, structured (json).
type Session struct {
	*session.Session
	printer *session.RecordPrinter
	json    *session.JSONPrinter
}

// Load creates the object's maps and loads its programs; a program the verifier refuses
// is a *session.LoadError (Report adds the verifier's log with -v).
func (d *Driver) Load(obj *compiler.Object) (*Session, error) {
	cfg := session.Config{Prog: d.Prog, Out: d.Out, Err: d.Err, Verbose: d.Verbose, Sort: d.Options.Sort}
	ds := &Session{}
	if d.Options.OFormat == "json" {
		ds.json = session.NewJSONPrinter(d.Out, d.Options.Sort)
		cfg.Printer, cfg.Report = ds.json, ds.json.Report
	} else {
		ds.printer = session.NewPrinter(d.Out, d.Options.Quiet, d.Options.FlowIndent)
		cfg.Printer = ds.printer
	}
	s, err := session.Load(obj, cfg)
	if err != nil {
		return nil, err
	}
	ds.Session = s
	return ds, nil
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
	if s.json != nil {
		return d.consumeJSON(ctx, s, cs, h)
	}
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

// consumeJSON is Consume with structured output: no newlines of the text form; every
// aggregation each -x aggrate while tracing runs, when that is set; the aggregations
// printa() has not printed at exit with -O; then the EXIT line.
func (d *Driver) consumeJSON(ctx context.Context, s *Session, cs []*Checked, h Hooks) (int, error) {
	var armedErr, snapErr error
	stopSnap := make(chan struct{})
	var snapDone sync.WaitGroup
	status, err := s.Run(ctx, session.Hooks{
		Armed: func() {
			d.matched(cs)
			if h.Armed != nil {
				armedErr = h.Armed()
			}
			if d.Options.AggRate > 0 {
				snapDone.Add(1)
				go func() {
					defer snapDone.Done()
					t := time.NewTicker(d.Options.AggRate)
					defer t.Stop()
					for {
						select {
						case <-stopSnap:
							return
						case <-t.C:
							if err := s.json.Aggregations(s.Session, true); err != nil && snapErr == nil {
								snapErr = err
							}
						}
					}
				}()
			}
		},
		Stopping: func() {
			close(stopSnap)
			snapDone.Wait()
		},
	})
	for _, e := range []error{armedErr, snapErr} {
		if err == nil {
			err = e
		}
	}
	if err != nil {
		return ExitError, err
	}
	if d.Options.PrintAggs {
		if err := s.json.Aggregations(s.Session, false); err != nil {
			return ExitError, fmt.Errorf("failed to print aggregations: %w", err)
		}
	}
	if err := s.json.Exit(status); err != nil {
		return ExitError, err
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
