// This file implements Validate, the argument check of printf-like actions,
// after libdtrace's dt_printf_validate.

package printf

import (
	"fmt"
	"strings"
)

// Class is the broad kind of a D type, as the conversion checks see it.
type Class uint8

// Argument classes.
const (
	ClassOther      Class = iota // struct, union, void, aggregation ...
	ClassInteger                 // integers and enums
	ClassPointer                 // pointers (not strings)
	ClassArray                   // arrays other than char/wchar arrays (count as pointers)
	ClassCharArray               // char [N]
	ClassWCharArray              // array of a 32-bit integer type (wchar_t [N])
	ClassString                  // D string
	ClassFloat                   // float, double, long double
	ClassStack                   // stack(), ustack(), jstack() values
)

// Arg describes the D type of one printf argument for Validate.
type Arg struct {
	Class  Class
	Type   string // the type's name as DTrace prints it: "int", "char [16]", "string", "uint64_t", "void"
	Base   string // name after resolving typedefs: "long", "unsigned short", "long double"
	Size   int    // in bytes
	Signed bool
	// Typedefs lists the typedef names from Type down to Base (e.g.
	// ["uint64_t"] or ["size_t", "ulong_t"]); %llx accepts [u]int64_t.
	Typedefs []string
	SymAddr  bool // a kernel symbol address (sym(), func(), mod())
	USymAddr bool // a user symbol address (usym(), ufunc(), umod())
}

// Options are the circumstances of the call being validated.
type Options struct {
	Func        string // action name used in messages: "printf", "printa" ...
	Aggregation bool   // printa: '@' conversions allowed
	ExactLen    bool   // extra arguments are an error (printf)
	ArgOffset   int    // argument number of the format itself (1 for printf(fmt, ...))
	AggCount    bool   // the aggregation's function is count() (value is unsigned)
	HaveTarget  bool   // $target is defined (-p or -c): %A takes integers
}

// Validate checks args against the conversions of f as DTrace does and
// returns the first error, or nil.
func (f *Format) Validate(args []Arg, o Options) *Error {
	fn := o.Func
	if f.Source == "" {
		return &Error{Tag: "D_PRINTF_FMT_EMPTY", Msg: fmt.Sprintf("%s( ) format string is empty", fn), Arg: -1}
	}
	agg := Arg{Class: ClassInteger, Type: "int64_t", Base: "long", Size: 8, Signed: true, Typedefs: []string{"int64_t"}}
	if o.AggCount {
		agg = Arg{Class: ClassInteger, Type: "uint64_t", Base: "unsigned long", Size: 8, Typedefs: []string{"uint64_t"}}
	}
	j := 0
	for i, it := range f.Items {
		c := it.Conv
		if c == nil || c.Info.Check == CheckNone {
			continue
		}
		var dyns []string
		if c.Has(FlagDynPrec) {
			dyns = append(dyns, ".*")
		}
		if c.Has(FlagDynWidth) {
			dyns = append(dyns, "*")
		}
		for k := len(dyns) - 1; k >= 0; k-- {
			if j >= len(args) {
				return &Error{Tag: "D_PRINTF_DYN_PROTO", Arg: -1, Msg: fmt.Sprintf(
					"%s( ) prototype mismatch: conversion #%d (%%%s) is missing a corresponding \"%s\" argument",
					fn, i+1, c.Name, dyns[k])}
			}
			if args[j].Class != ClassInteger {
				return &Error{Tag: "D_PRINTF_DYN_TYPE", Arg: j, Msg: fmt.Sprintf(
					"%s( ) argument #%d is incompatible with conversion #%d prototype:\n\tconversion: %% %s %s\n\t prototype: int\n\t  argument: %s",
					fn, j+o.ArgOffset+1, i+1, dyns[k], c.Name, args[j].Type)}
			}
			j++
		}
		var a Arg
		var vname string
		argIdx := -1
		switch {
		case c.Has(FlagAgg):
			if !o.Aggregation {
				return &Error{Tag: "D_PRINTF_AGG_CONV", Arg: -1, Msg: fmt.Sprintf(
					"%%@ conversion requires an aggregation and is not for use with %s( )", fn)}
			}
			a, vname = agg, "aggregating action"
		case j >= len(args):
			return &Error{Tag: "D_PRINTF_ARG_PROTO", Arg: -1, Msg: fmt.Sprintf(
				"%s( ) prototype mismatch: conversion #%d (%%%s) is missing a corresponding value argument",
				fn, i+1, c.Name)}
		default:
			a, vname, argIdx = args[j], fmt.Sprintf("argument #%d", j+o.ArgOffset+1), j
			j++
		}
		if !Accepts(c.Info, a, o.HaveTarget) {
			return &Error{Tag: "D_PRINTF_ARG_TYPE", Arg: argIdx, Msg: fmt.Sprintf(
				"%s( ) %s is incompatible with conversion #%d prototype:\n\tconversion: %%%s\n\t prototype: %s\n\t  argument: %s",
				fn, vname, i+1, c.Name, c.Info.Proto, a.Type)}
		}
	}
	if o.ExactLen && j < len(args) {
		return &Error{Tag: "D_PRINTF_ARG_EXTRA", Arg: j, Msg: fmt.Sprintf(
			"%s( ) prototype mismatch: only %d arguments required by this format string", fn, j)}
	}
	return nil
}

// Accepts reports whether a conversion accepts an argument of type a
// (dt_printf.c's pfcheck_* functions). haveTarget is whether $target is set.
func Accepts(in *Info, a Arg, haveTarget bool) bool {
	isInt := a.Class == ClassInteger
	isPtr := a.Class == ClassPointer || a.Class == ClassArray || a.Class == ClassCharArray || a.Class == ClassWCharArray
	switch in.Check {
	case CheckAddr:
		return isPtr || isInt
	case CheckKAddr:
		return isPtr || isInt || a.SymAddr
	case CheckUAddr:
		return a.USymAddr || (haveTarget && (isPtr || isInt))
	case CheckStack:
		return a.Class == ClassStack
	case CheckTime:
		return isInt && a.Size == 8
	case CheckStr:
		return a.Class == ClassString || a.Class == ClassCharArray
	case CheckWStr:
		return a.Class == ClassWCharArray
	case CheckCSI:
		return isInt && a.Size <= 4
	case CheckFP:
		return a.Class == ClassFloat
	case CheckXInt, CheckDInt:
		return isInt
	case CheckXShort:
		return oneOf(a.Base, "short", "signed short", "unsigned short")
	case CheckXLong:
		return oneOf(a.Base, "long", "signed long", "unsigned long")
	case CheckXLongLong:
		if oneOf(a.Base, "long long", "signed long long", "unsigned long long") {
			return true
		}
		for _, t := range a.Typedefs {
			if t == "int64_t" || t == "uint64_t" {
				return true
			}
		}
		return false
	case CheckType:
		return (isInt || a.Class == ClassFloat) && normBase(a.Base) == normBase(in.Proto)
	case CheckNone:
		return true
	}
	return false
}

func oneOf(s string, set ...string) bool {
	for _, t := range set {
		if s == t {
			return true
		}
	}
	return false
}

// normBase folds the spellings CTF treats as one type ("signed long" is
// "long", "long int" is "long").
func normBase(s string) string {
	s = strings.TrimPrefix(s, "signed ")
	s = strings.Replace(s, " int", "", 1)
	if s == "unsigned" {
		s = "unsigned int"
	}
	return s
}
