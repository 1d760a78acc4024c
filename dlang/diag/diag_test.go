// This file implements tests of the diag package.

package diag

import (
	"errors"
	"testing"

	"github.com/godtrace/godtrace/dlang/token"
)

func TestTagNames(t *testing.T) {
	for _, tc := range []struct {
		tag  Tag
		want string
	}{
		{D_UNKNOWN, "D_UNKNOWN"},
		{D_SYNTAX, "D_SYNTAX"},
		{D_STR_NL, "D_STR_NL"},
		{D_PROTO_LEN, "D_PROTO_LEN"},
		{D_PRINTF_ARG_EXTRA, "D_PRINTF_ARG_EXTRA"},
		{D_PDESC_ZERO, "D_PDESC_ZERO"},
		{D_AGG_MDEF, "D_AGG_REDEF"},
		{D_LLQUANT_MATCHSTEPS, "D_LLQUANT_MATCHSTEPS"},
	} {
		if got := tc.tag.String(); got != tc.want {
			t.Errorf("%d.String() = %q, want %q", int(tc.tag), got, tc.want)
		}
		if tc.tag != D_AGG_MDEF {
			if got, ok := LookupTag(tc.want); !ok || got != tc.tag {
				t.Errorf("LookupTag(%q) = %v, %v", tc.want, got, ok)
			}
		}
	}
	for i := D_UNKNOWN; i < numTags; i++ {
		if tagNames[i] == "" {
			t.Errorf("tag %d has no name", int(i))
		}
	}
}

func TestFormat(t *testing.T) {
	e := &Error{Pos: token.Position{Filename: "x.d", Line: 3, Column: 1}, Tag: D_SYNTAX, Msg: `syntax error near "}"`}
	for _, tc := range []struct {
		script, tags bool
		source, want string
	}{
		{true, false, "x.d", `godtrace: failed to compile script x.d: line 3: syntax error near "}"`},
		{true, true, "x.d", `godtrace: failed to compile script x.d: [D_SYNTAX] line 3: syntax error near "}"`},
		{false, false, "BEGIN{x=}", `godtrace: invalid probe specifier BEGIN{x=}: syntax error near "}"`},
		{false, true, "BEGIN{x=}", `godtrace: invalid probe specifier BEGIN{x=}: [D_SYNTAX] syntax error near "}"`},
	} {
		if got := Format("godtrace", tc.source, tc.script, e, tc.tags); got != tc.want {
			t.Errorf("Format(script=%v, tags=%v) =\n%s\nwant\n%s", tc.script, tc.tags, got, tc.want)
		}
	}
	inc := &Error{Pos: token.Position{Filename: "x.d", Line: 7, Presumed: "inc.h"}, Tag: D_SYNTAX, Msg: `syntax error near "}"`}
	if got, want := Format("dtrace", "x.d", true, inc, true), `dtrace: failed to compile script x.d: [D_SYNTAX] "inc.h", line 7: syntax error near "}"`; got != want {
		t.Errorf("included file: got %q want %q", got, want)
	}
	inc.Pos.Presumed = "x.d"
	if got, want := Format("dtrace", "x.d", true, inc, false), `dtrace: failed to compile script x.d: line 7: syntax error near "}"`; got != want {
		t.Errorf("marker naming the script: got %q want %q", got, want)
	}
	noPos := &Error{Tag: D_PDESC_ZERO, Msg: "probe description foo:::bar does not match any probes"}
	if got, want := Format("dtrace", "x.d", true, noPos, false), "dtrace: failed to compile script x.d: probe description foo:::bar does not match any probes"; got != want {
		t.Errorf("no position: got %q want %q", got, want)
	}
}

func TestList(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list is not nil error")
	}
	l.Add(token.Position{Offset: 20, Line: 2}, D_SYNTAX, "b")
	l.Add(token.Position{Offset: 5, Line: 1}, D_STR_NL, "a")
	l.Sort()
	if l[0].Msg != "a" || l[1].Msg != "b" {
		t.Fatalf("not sorted: %v", l)
	}
	err := l.Err()
	var got List
	if !errors.As(err, &got) || First(err).Tag != D_STR_NL {
		t.Fatalf("First(%v) wrong", err)
	}
	if err.Error() != "line 1: a (and 1 more errors)" {
		t.Fatalf("Error() = %q", err.Error())
	}
}
