// This file implements the preprocessor's diagnostics, worded and laid out
// as gcc's cpp prints them ("file:line: error: msg"), without the column and
// the source excerpt.

package cpp

import (
	"fmt"
	"io"
	"strings"
)

// Severity says how bad a diagnostic is.
type Severity int

const (
	Warning Severity = iota // reported; the output is still good
	Note                    // explains the diagnostic before it
	Error                   // the source is ill-formed; preprocessing fails
	Fatal                   // as Error, and preprocessing stopped there
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Note:
		return "note"
	case Fatal:
		return "fatal error"
	}
	return "error"
}

// Diagnostic is one message of the preprocessor.
type Diagnostic struct {
	File     string // presumed file name ("<command-line>" for -D and -U)
	Line     int    // presumed line, 0 if none
	Severity Severity
	Msg      string
}

// String renders d as gcc does: "file:line: error: msg".
func (d *Diagnostic) String() string {
	if d.Line > 0 {
		return fmt.Sprintf("%s:%d: %s: %s", d.File, d.Line, d.Severity, d.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", d.File, d.Severity, d.Msg)
}

// Diagnostics is what Preprocess reports, in the order found. When it holds
// an Error or a Fatal it is the error Preprocess returns.
type Diagnostics []*Diagnostic

// Failed reports whether any diagnostic is an error.
func (l Diagnostics) Failed() bool {
	for _, d := range l {
		if d.Severity >= Error {
			return true
		}
	}
	return false
}

// Error returns the first error's text.
func (l Diagnostics) Error() string {
	for _, d := range l {
		if d.Severity >= Error {
			return d.String()
		}
	}
	return "no errors"
}

// Print writes every diagnostic on its own line, as cpp writes them to its
// standard error, ending with "compilation terminated." after a fatal one.
func (l Diagnostics) Print(w io.Writer) error {
	var b strings.Builder
	for _, d := range l {
		b.WriteString(d.String())
		b.WriteByte('\n')
		if d.Severity == Fatal {
			b.WriteString("compilation terminated.\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Err returns l as an error when it holds an error, else nil.
func (l Diagnostics) Err() error {
	if l.Failed() {
		return l
	}
	return nil
}
