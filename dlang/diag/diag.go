// This file implements Tag, Error, List and the dtrace(1)-style rendering.

package diag

import (
	"fmt"
	"sort"
	"strings"

	"github.com/godtrace/godtrace/dlang/token"
)

// Tag is a D compiler error tag (dt_errtags.h). The zero Tag is D_UNKNOWN.
type Tag int

// String returns the tag's DTrace name, e.g. "D_SYNTAX".
func (t Tag) String() string {
	if 0 <= t && int(t) < len(tagNames) && tagNames[t] != "" {
		return tagNames[t]
	}
	return fmt.Sprintf("D_UNKNOWN(%d)", int(t))
}

// LookupTag returns the Tag named name ("D_SYNTAX"), and whether it exists.
func LookupTag(name string) (Tag, bool) {
	for i, n := range tagNames {
		if n == name {
			return Tag(i), true
		}
	}
	return D_UNKNOWN, false
}

// Error is one positioned compile-time error. Msg is DTrace's message text,
// without position, tag or trailing newline.
type Error struct {
	Pos token.Position
	Tag Tag
	Msg string
}

// Error returns "line N: msg" (or just msg when there is no position), the
// form DTrace uses inside its own messages.
func (e *Error) Error() string {
	if e.Pos.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Pos.Line, e.Msg)
	}
	return e.Msg
}

// Errorf returns a new *Error.
func Errorf(pos token.Position, tag Tag, format string, args ...any) *Error {
	return &Error{Pos: pos, Tag: tag, Msg: fmt.Sprintf(format, args...)}
}

// List is a list of errors. A non-empty List is the error returned by the
// parser and checker; the first element is the one dtrace(1) would report.
type List []*Error

// Add appends an error.
func (l *List) Add(pos token.Position, tag Tag, msg string) {
	*l = append(*l, &Error{Pos: pos, Tag: tag, Msg: msg})
}

// Addf appends an error with a formatted message.
func (l *List) Addf(pos token.Position, tag Tag, format string, args ...any) {
	*l = append(*l, Errorf(pos, tag, format, args...))
}

// Len, Less and Swap implement sort.Interface.
func (l List) Len() int           { return len(l) }
func (l List) Swap(i, j int)      { l[i], l[j] = l[j], l[i] }
func (l List) Less(i, j int) bool { return l[i].Pos.Before(l[j].Pos) }

// Sort sorts the list by position, keeping the order of errors at the same
// position.
func (l List) Sort() { sort.Stable(l) }

// Error returns the first error's text, plus a count of the others.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns l as an error, or nil if l is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// First returns the first error of err if err is (or wraps) a List or an
// *Error, else nil.
func First(err error) *Error {
	switch e := err.(type) {
	case List:
		if len(e) > 0 {
			return e[0]
		}
	case *List:
		if e != nil && len(*e) > 0 {
			return (*e)[0]
		}
	case *Error:
		return e
	}
	return nil
}

// Format renders e as dtrace(1) prints a compilation failure. prog is the
// program name (the basename the binary was invoked as: "godtrace" or
// "dtrace"); source is the script file name for -s (isScript) or the probe
// specifier text for -n and friends; errtags adds "[D_TAG] " (-x errtags).
//
//	prog: failed to compile script SOURCE: [D_TAG] line N: MSG
//	prog: failed to compile script SOURCE: [D_TAG] "FILE", line N: MSG
//	prog: invalid probe specifier SOURCE: [D_TAG] MSG
//
// The second form is for an error in text a line marker or #line directive
// says came from another file (an included one, after dtrace -C).
func Format(prog, source string, isScript bool, e *Error, errtags bool) string {
	var b strings.Builder
	b.WriteString(prog)
	if isScript {
		b.WriteString(": failed to compile script ")
	} else {
		b.WriteString(": invalid probe specifier ")
	}
	b.WriteString(source)
	b.WriteString(": ")
	if errtags {
		b.WriteString("[")
		b.WriteString(e.Tag.String())
		b.WriteString("] ")
	}
	switch {
	case isScript && e.Pos.Presumed != "" && e.Pos.Presumed != source && e.Pos.Line > 0:
		// After a line marker naming another file (an #include'd one):
		// dt_set_errmsg's "\"file\", line N: ".
		fmt.Fprintf(&b, "\"%s\", line %d: ", e.Pos.Presumed, e.Pos.Line)
	case isScript && e.Pos.Line > 0:
		fmt.Fprintf(&b, "line %d: ", e.Pos.Line)
	}
	b.WriteString(e.Msg)
	return b.String()
}
