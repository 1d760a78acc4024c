// This file implements the compile-time checking of printf(), printa(),
// system() and freopen() format strings against their arguments, through
// dlang/printf (dt_printf_validate).

package types

import (
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/printf"
)

// FormatInfo is a checked format string of a printf-like call.
type FormatInfo struct {
	// Format is the parsed format; calls with the same format string
	// share it, so it is read-only.
	Format *printf.Format
	// Args are the value arguments (after the format for printf; the
	// aggregations for printa).
	Args []ast.Expr
	// Agg is the first aggregation of a printa() with a format: the
	// conversions are checked against its keys (and, for %@, its value).
	Agg *Agg
}

// freopenRestore is DTrace's sentinel for freopen("") (restore stdout).
const freopenRestore = "\x01\x02\x03\x04\x05\x06\x07\x08"

// formatArg describes a D type for dlang/printf.
func formatArg(op *operand) printf.Arg {
	t := op.t
	a := printf.Arg{Type: op.typeName(), Base: Resolve(t).String(), Size: int(t.Size()), Signed: IsSigned(t)}
	for td, ok := t.(*Typedef); ok; td, ok = td.Under.(*Typedef) {
		a.Typedefs = append(a.Typedefs, td.Name)
	}
	switch r := Resolve(t).(type) {
	case *Int, *Enum:
		a.Class = printf.ClassInteger
	case *Pointer:
		a.Class = printf.ClassPointer
	case *Array:
		switch e, _ := Resolve(r.Elem).(*Int); {
		case e != nil && e.Char:
			a.Class = printf.ClassCharArray
		case e != nil && e.Bytes == 4:
			a.Class = printf.ClassWCharArray
		default:
			a.Class = printf.ClassArray
		}
	case *StringKind:
		a.Class = printf.ClassString
	case *Special:
		switch r {
		case StackType:
			a.Class = printf.ClassStack
		case SymAddr:
			a.SymAddr = true
		case USymAddr:
			a.USymAddr = true
		}
	}
	return a
}

// parseFormat parses a format string, reporting DTrace's errors.
func (check *checker) parseFormat(x *ast.CallExpr, s string) *printf.Format {
	if f, ok := check.formats[s]; ok {
		return f
	}
	f, err := printf.Parse(s)
	if err != nil {
		tag := diag.D_SYNTAX
		if pe, ok := err.(*printf.Error); ok {
			if t, ok := diag.LookupTag(pe.Tag); ok {
				tag = t
			}
		}
		check.errorAt(x, tag, "%s", err.Error())
	}
	if check.formats == nil {
		check.formats = map[string]*printf.Format{}
	}
	check.formats[s] = f
	return f
}

func (check *checker) formatError(x *ast.CallExpr, e *printf.Error) {
	tag, ok := diag.LookupTag(e.Tag)
	if !ok {
		tag = diag.D_UNKNOWN
	}
	check.errorAt(x, tag, "%s", e.Msg)
}

func (check *checker) haveTarget() bool {
	v, _ := check.macroValue("target")
	return v != 0
}

// printfLike checks printf(), system() and freopen() (dt_action_printflike).
func (check *checker) printfLike(x *ast.CallExpr, fn string, ops []*operand) {
	if !ops[0].isConst || !ops[0].c.IsString {
		check.errorAt(x, diag.D_PRINTF_ARG_FMT, "%s( ) argument #1 is incompatible with prototype:\n\tprototype: string constant\n\t argument: %s", fn, ops[0].typeName())
	}
	s := ops[0].c.Str
	if fn == "freopen" {
		if s == freopenRestore {
			check.errorAt(x, diag.D_FREOPEN_INVALID, "%s( ) argument #1 cannot be \"%s\"", fn, freopenRestore)
		}
		if s == "" {
			s = freopenRestore
		}
	}
	f := check.parseFormat(x, s)
	args := make([]printf.Arg, len(ops)-1)
	for i, op := range ops[1:] {
		args[i] = formatArg(op)
	}
	if e := validate(f, args, printf.Options{Func: fn, ExactLen: true, ArgOffset: 1, HaveTarget: check.haveTarget()}); e != nil {
		check.formatError(x, e)
	}
	check.logUndo(func() { delete(check.info.Formats, x) })
	check.info.Formats[x] = &FormatInfo{Format: f, Args: x.Args[1:]}
}

// printaFormat checks a printa() format against the keys of the first
// aggregation; %@ conversions print its value (uint64_t for count(),
// int64_t otherwise).
func (check *checker) printaFormat(x *ast.CallExpr, s string, a *Agg) {
	f := check.parseFormat(x, s)
	args := make([]printf.Arg, len(a.Keys))
	for i, k := range a.Keys {
		args[i] = formatArg(check.newOp(operand{t: k}))
	}
	o := printf.Options{Func: "printa", Aggregation: true, ArgOffset: 1, HaveTarget: check.haveTarget(),
		AggCount: a.Func != nil && a.Func.Name == "count"}
	if e := validate(f, args, o); e != nil {
		check.formatError(x, e)
	}
	check.logUndo(func() { delete(check.info.Formats, x) })
	check.info.Formats[x] = &FormatInfo{Format: f, Args: x.Args[1:], Agg: a}
}

// validate runs f.Validate, with CTF's rule for conversions naming a type
// (%lld, %ld, %hd ...): an integer argument matches when its size and
// signedness are the type's, so int64_t (long) is accepted by %lld as
// DTrace's ctf_type_compat accepts it.
func validate(f *printf.Format, args []printf.Arg, o printf.Options) *printf.Error {
	for {
		e := f.Validate(args, o)
		if e == nil || e.Tag != "D_PRINTF_ARG_TYPE" || e.Arg < 0 {
			return e
		}
		c := convForArg(f, e.Arg)
		if c == nil || c.Info.Check != printf.CheckType || args[e.Arg].Class != printf.ClassInteger {
			return e
		}
		want, err := ParseType(c.Info.Proto, nil)
		a := args[e.Arg]
		if err != nil || !IsInteger(want) || int(want.Size()) != a.Size || IsSigned(want) != a.Signed || a.Base == c.Info.Proto {
			return e
		}
		args[e.Arg].Base = c.Info.Proto
	}
}

// convForArg returns the conversion that consumes value argument i.
func convForArg(f *printf.Format, i int) *printf.Conversion {
	j := 0
	for _, it := range f.Items {
		c := it.Conv
		if c == nil || c.Info.Check == printf.CheckNone {
			continue
		}
		if c.Has(printf.FlagDynPrec) {
			j++
		}
		if c.Has(printf.FlagDynWidth) {
			j++
		}
		if c.Has(printf.FlagAgg) {
			continue
		}
		if j == i {
			return c
		}
		j++
	}
	return nil
}
