package printf

import (
	"strings"
	"testing"
)

func TestParseItems(t *testing.T) {
	f, err := Parse("a=%-08.3lld b=%*.*s %% %@16d%?p%'x end")
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		lit, name, text string
		flags           Flags
		width, prec     int
	}
	wants := []want{
		{"a=", "lld", "%-08.3lld", FlagZero, 8, 3}, // DTrace: a later 0 clears -,
		{" b=", "s", "%*.*s", FlagDynWidth | FlagDynPrec, 0, 0},
		{" ", "%", "%%", 0, 0, 0},
		{" ", "d", "%@16d", FlagAgg, 16, 0},
		{"", "p", "%?p", 0, 16, 0},
		{"", "x", "%'x", FlagGroup, 0, 0},
	}
	if len(f.Items) != len(wants)+1 {
		t.Fatalf("got %d items, want %d", len(f.Items), len(wants)+1)
	}
	for i, w := range wants {
		it := f.Items[i]
		c := it.Conv
		if it.Literal != w.lit || c.Name != w.name || c.Text != w.text || c.Flags != w.flags ||
			c.Width != w.width || c.Prec != w.prec || c.Index != i+1 || c.Info == nil {
			t.Errorf("item %d = %q %+v, want %+v", i, it.Literal, *c, w)
		}
	}
	if last := f.Items[len(wants)]; last.Literal != " end" || last.Conv != nil {
		t.Errorf("trailing item = %+v", last)
	}
	if !f.HasAgg() || len(f.Conversions()) != 6 {
		t.Errorf("HasAgg/Conversions wrong")
	}
}

func TestParseZeroFlag(t *testing.T) {
	for _, tc := range []struct {
		in          string
		flags       Flags
		width, prec int
	}{
		{"%05d", FlagZero, 5, 0},
		{"%-05d", FlagZero, 5, 0},
		{"%0-5d", FlagLeft, 5, 0},
		{"%10d", 0, 10, 0},
		{"%.05d", 0, 0, 5},
		{"%.0f", 0, 0, 0},
		{"%+ #d", FlagPlus | FlagSpace | FlagAlt, 0, 0},
	} {
		f, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		c := f.Items[0].Conv
		if c.Flags != tc.flags || c.Width != tc.width || c.Prec != tc.prec {
			t.Errorf("%s: flags %b width %d prec %d, want %b %d %d", tc.in, c.Flags, c.Width, c.Prec, tc.flags, tc.width, tc.prec)
		}
	}
}

func TestParseEmptyAndLiteral(t *testing.T) {
	f, err := Parse("")
	if err != nil || len(f.Items) != 1 || f.Items[0].Literal != "" {
		t.Fatalf("empty: %+v %v", f, err)
	}
	f, err = Parse("hello\n")
	if err != nil || len(f.Items) != 1 || f.Items[0].Literal != "hello\n" || f.Items[0].Conv != nil {
		t.Fatalf("literal: %+v %v", f, err)
	}
	f, err = Parse("%d")
	if err != nil || len(f.Items) != 1 {
		t.Fatalf("%%d alone: %+v %v", f, err)
	}
}

// The messages come from oracle/dtrace-utils test/unittest/printf/err.D_SYNTAX.*.r
// and from dt_printf_create.
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, msg string }{
		{"%3$d", "format conversion #1 uses unsupported positional format (%n$)"},
		{"%d %", "format conversion #2 name expected before end of format string"},
		{"%Z", "format conversion #1 is undefined: %Z"},
		{"%zd", "format conversion #1 is undefined: %z"},
		{"%hhd", "format conversion #1 is undefined: %hhd"},
		{"%5%", "format conversion #1 cannot be combined with other format flags: %%"},
		{"%**d", "format conversion #1 has more than one '*' specified for the output precision"},
		{"%1.2.3d", "format conversion #1 has more than one '.' specified"},
		{"%-", "format conversion #1 name expected before end of format string"},
	} {
		_, err := Parse(tc.in)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: got %v, want error %q", tc.in, err, tc.msg)
			continue
		}
		if e.Msg != tc.msg || e.Tag != "D_SYNTAX" {
			t.Errorf("%q: got [%s] %q, want %q", tc.in, e.Tag, e.Msg, tc.msg)
		}
	}
}

func TestTableComplete(t *testing.T) {
	for _, name := range strings.Fields("a A c C d e E f g G hd hi ho hu hx hX i k lc ld li lo lu ls lx lX lld lli llo llu llx llX Le LE Lf Lg LG o p s S T u wc ws x X Y %") {
		in := Lookup(name)
		if in == nil || in.Check == 0 || in.Print == 0 || in.Out == "" || in.Proto == "" {
			t.Errorf("conversion %%%s missing or incomplete: %+v", name, in)
		}
	}
	if len(Table) != 49 {
		t.Errorf("table has %d entries, want 49", len(Table))
	}
}

var (
	tInt    = Arg{Class: ClassInteger, Type: "int", Base: "int", Size: 4, Signed: true}
	tU64    = Arg{Class: ClassInteger, Type: "uint64_t", Base: "unsigned long", Size: 8, Typedefs: []string{"uint64_t"}}
	tLong   = Arg{Class: ClassInteger, Type: "long", Base: "long", Size: 8, Signed: true}
	tShort  = Arg{Class: ClassInteger, Type: "short", Base: "short", Size: 2, Signed: true}
	tStr    = Arg{Class: ClassString, Type: "string", Size: 256}
	tChars  = Arg{Class: ClassCharArray, Type: "char [16]", Size: 16}
	tPtr    = Arg{Class: ClassPointer, Type: "struct task_struct *", Size: 8}
	tVoid   = Arg{Class: ClassOther, Type: "void"}
	tStack  = Arg{Class: ClassStack, Type: "stack", Size: 8}
	tUSym   = Arg{Class: ClassInteger, Type: "_usymaddr", Base: "unsigned long", Size: 8, USymAddr: true}
	tDouble = Arg{Class: ClassFloat, Type: "double", Base: "double", Size: 8}
)

// Expected messages come from oracle/dtrace-utils test/unittest/printf/*.r
// (D_PRINTF_ARG_TYPE.recursive, D_PRINTF_DYN_TYPE.badprec,
// D_PRINTF_DYN_PROTO.noprec, D_PRINTF_ARG_EXTRA.toomany,
// D_PRINTF_AGG_CONV.aggfmt) and dt_printf_validate.
func TestValidate(t *testing.T) {
	pf := Options{Func: "printf", ExactLen: true, ArgOffset: 1}
	pa := Options{Func: "printa", Aggregation: true, ArgOffset: 1}
	for _, tc := range []struct {
		format string
		args   []Arg
		o      Options
		tag    string
		arg    int
		msg    string
	}{
		{"%d %s %u %x %p %c\n", []Arg{tInt, tStr, tU64, tLong, tPtr, tInt}, pf, "", 0, ""},
		{"%s", []Arg{tVoid}, pf, "D_PRINTF_ARG_TYPE", 0,
			"printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %s\n\t prototype: char [] or string (or use stringof)\n\t  argument: void"},
		{"%.*d", []Arg{tStr, tInt}, pf, "D_PRINTF_DYN_TYPE", 0,
			"printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: % .* d\n\t prototype: int\n\t  argument: string"},
		{"%d %.*d", []Arg{tInt}, pf, "D_PRINTF_DYN_PROTO", -1,
			"printf( ) prototype mismatch: conversion #2 (%d) is missing a corresponding \".*\" argument"},
		{"%*d", nil, pf, "D_PRINTF_DYN_PROTO", -1,
			"printf( ) prototype mismatch: conversion #1 (%d) is missing a corresponding \"*\" argument"},
		{"%d %d", []Arg{tInt, tInt, tInt}, pf, "D_PRINTF_ARG_EXTRA", 2,
			"printf( ) prototype mismatch: only 2 arguments required by this format string"},
		{"%@d", nil, pf, "D_PRINTF_AGG_CONV", -1,
			"%@ conversion requires an aggregation and is not for use with printf( )"},
		{"%d %d", []Arg{tInt}, pf, "D_PRINTF_ARG_PROTO", -1,
			"printf( ) prototype mismatch: conversion #2 (%d) is missing a corresponding value argument"},
		{"", nil, pf, "D_PRINTF_FMT_EMPTY", -1, "printf( ) format string is empty"},
		{"%c", []Arg{tLong}, pf, "D_PRINTF_ARG_TYPE", 0,
			"printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %c\n\t prototype: char, short, or int\n\t  argument: long"},
		{"%f", []Arg{tInt}, pf, "D_PRINTF_ARG_TYPE", 0,
			"printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %f\n\t prototype: float, double, or long double\n\t  argument: int"},
		{"%f %e %g", []Arg{tDouble, tDouble, tDouble}, pf, "", 0, ""},
		{"%hd %hx %ld %lx %llx %Y %k %s", []Arg{tShort, tShort, tLong, tLong, tU64, tU64, tStack, tChars}, pf, "", 0, ""},
		{"%ld", []Arg{tInt}, pf, "D_PRINTF_ARG_TYPE", 0,
			"printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %ld\n\t prototype: long\n\t  argument: int"},
		{"%Y", []Arg{tInt}, pf, "D_PRINTF_ARG_TYPE", 0,
			"printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %Y\n\t prototype: int64_t\n\t  argument: int"},
		{"%A", []Arg{tLong}, pf, "D_PRINTF_ARG_TYPE", 0,
			"printf( ) argument #2 is incompatible with conversion #1 prototype:\n\tconversion: %A\n\t prototype: pointer or integer (with -p/-c) or _usymaddr (without -p/-c)\n\t  argument: long"},
		{"%A", []Arg{tUSym}, pf, "", 0, ""},
		// printa: keys are the arguments, %@ takes the value; extra keys are fine.
		{"%s %@d\n", []Arg{tStr, tInt}, pa, "", 0, ""},
		{"%@s\n", nil, pa, "D_PRINTF_ARG_TYPE", -1,
			"printa( ) aggregating action is incompatible with conversion #1 prototype:\n\tconversion: %s\n\t prototype: char [] or string (or use stringof)\n\t  argument: int64_t"},
	} {
		f, err := Parse(tc.format)
		if err != nil {
			t.Fatalf("%q: %v", tc.format, err)
		}
		e := f.Validate(tc.args, tc.o)
		switch {
		case e == nil && tc.tag == "":
		case e == nil:
			t.Errorf("%q: no error, want [%s] %q", tc.format, tc.tag, tc.msg)
		case tc.tag == "":
			t.Errorf("%q: unexpected [%s] %q", tc.format, e.Tag, e.Msg)
		case e.Tag != tc.tag || e.Msg != tc.msg || e.Arg != tc.arg:
			t.Errorf("%q: got [%s] arg %d\n%s\nwant [%s] arg %d\n%s", tc.format, e.Tag, e.Arg, e.Msg, tc.tag, tc.arg, tc.msg)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"%d", "%-*.*lld\n", "%@16d %%", "%3$d", "%?p%'x", "%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fm, err := Parse(s)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		var b strings.Builder
		for _, it := range fm.Items {
			b.WriteString(it.Literal)
			if it.Conv != nil {
				b.WriteString(it.Conv.Text)
				if it.Conv.Info == nil {
					t.Fatal("conversion without table entry")
				}
			}
		}
		if b.String() != s {
			t.Fatalf("items do not reassemble the format: %q vs %q", b.String(), s)
		}
	})
}
