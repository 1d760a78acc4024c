// This file implements the checker's configuration and results: Config
// (what the checker is told about the world) and Info (what it computed,
// in node-keyed side tables).

package types

import (
	"maps"
	"slices"

	"github.com/godtrace/godtrace/dlang/ast"
)

// Config tells the checker what it cannot know from the program alone.
// The zero value is usable: no macro arguments beyond $0, no typed probe
// arguments, no kernel types.
type Config struct {
	// MacroArgs are the macro arguments: MacroArgs[0] is $0 (the script
	// name or "dtrace"), MacroArgs[1] is $1, and so on. Referencing $N
	// with N >= len(MacroArgs) is D_MACRO_UNDEF, unless DefaultArgs.
	MacroArgs []string
	// DefaultArgs is the defaultargs option: an undefined $N is 0 and an
	// undefined $$N is "".
	DefaultArgs bool
	// ArgRef is the argref option: without it, a last macro argument the
	// program never references is D_MACRO_UNUSED ("extraneous argument").
	ArgRef bool
	// Macros are the values of the macro variables $target, $pid, $ppid,
	// $pgid, $sid, $uid, $gid, $euid, $egid, $projid, $taskid. Missing
	// entries default to this process's values ($target to 0).
	Macros map[string]int64
	// ProbeArgs returns the D types of args[0..n-1] for the probes one
	// description matches, as type names in ParseType's syntax: D names
	// ("int", "const char *", "struct file *") and the spellings of
	// tracepoint format files ("const char __user *", "char[16]"). A nil
	// ProbeArgs, or an error, makes args[] unavailable for that
	// description (D_ARGS_MULTI, as when DTrace finds no stable argument
	// types); an empty list means the probe has no arguments (BEGIN).
	// In a clause with several descriptions, args[] takes the types of
	// the first and the others must agree (else D_ARGS_TYPE).
	ProbeArgs func(desc *ast.ProbeDesc) ([]string, error)
	// Kernel resolves the kernel's type names (runtime/ktypes, from the
	// running kernel's BTF); it is asked only when a program needs a
	// kernel type. Nil: no kernel types, and a program naming one (or
	// using curthread) fails to check.
	Kernel KernelTypes
	// StrSize is the strsize option (default 256).
	StrSize uint64
}

// Scope is where a D variable lives.
type Scope int

const (
	Global      Scope = iota + 1 // x
	ThreadLocal                  // self->x
	ClauseLocal                  // this->x
)

func (s Scope) String() string {
	switch s {
	case Global:
		return "global"
	case ThreadLocal:
		return "thread-local"
	case ClauseLocal:
		return "clause-local"
	}
	return "<?>"
}

// Var is a D variable defined by the program (not a built-in).
type Var struct {
	Name  string
	Scope Scope
	// Assoc is set for associative arrays; Keys is then the key
	// signature fixed by the first use or the declaration.
	Assoc bool
	Keys  []Type
	// Type is the variable's type (for an associative array, the type of
	// its values), fixed by its declaration or first assignment. It is
	// nil only for an associative array never assigned (only read in
	// errors) — a checked program has no such variable.
	Type Type
	// Declared is set when the variable has a D declaration.
	Declared bool
	// ID numbers the variables of one scope from 0 in order of creation.
	ID int

	ref, mod bool
	keysSet  bool
}

// Agg is an aggregation.
type Agg struct {
	Name string // "" for @
	// Func is the aggregating function every assignment uses.
	Func *Builtin
	// Keys is the key signature (empty for an unkeyed aggregation).
	Keys []Type
	// ID numbers aggregations from 0 in order of first assignment.
	ID int
	// Line is the line of the first assignment (for D_AGG_REDEF).
	Line int
	// LQuant holds the constant arguments of lquantize (base, limit,
	// step) or llquantize (factor, low, high, nsteps), as first given.
	LQuant  []int64
	keysSet bool
}

// Const is the value of a constant expression. Int holds the value's 64
// bits (interpret with the expression's type's signedness); Str is set for
// string constants.
type Const struct {
	IsString bool
	Int      uint64
	Str      string
}

// Translated describes a member access through a translated type
// (curpsinfo->pr_pid): the translator and the member's Linux source.
type Translated struct {
	Translator *Translator
	Member     string
	Source     string
	// Expr is the checked D expression over curthread that computes the
	// member (Translator.Exprs), its nodes typed in the same Info; nil
	// for members the compiler must implement from Source (pr_psargs).
	Expr ast.Expr
	// Input is the translated task: nil for curpsinfo, curlwpsinfo and
	// xlate <T> (curthread); else the operand E of xlate <T> (E), a
	// struct task_struct * expression (then Expr is never nil).
	Input ast.Expr
}

// Info is what Check computed. It never changes the AST; every table is
// keyed by node.
type Info struct {
	// Types is the type of every checked expression. Aggregation
	// references and untyped array references have type Dynamic.
	Types map[ast.Expr]Type
	// Consts holds the value of every folded constant expression:
	// integer and character literals, macro arguments, sizeof, offsetof,
	// and operators whose operands are constants (as DTrace folds them).
	// A ParenExpr around a constant is a constant.
	Consts map[ast.Expr]Const
	// Vars maps each *ast.Ident, *ast.ScopedVar or *ast.IndexExpr that
	// names a program variable (or an element of an associative array)
	// to the variable.
	Vars map[ast.Expr]*Var
	// Builtins maps each *ast.Ident naming a built-in variable (pid,
	// args, curthread ...) to it; for args[N] the IndexExpr is in Types
	// with the probe's argument type.
	Builtins map[ast.Expr]*BuiltinVar
	// Aggs maps each *ast.Aggregation, and each *ast.IndexExpr whose X is
	// one, to the aggregation.
	Aggs map[ast.Expr]*Agg
	// Calls maps each call to the built-in function it calls.
	Calls map[*ast.CallExpr]*Builtin
	// Members maps each member access (. or ->) to the member, with its
	// bit offset from the start of the struct (anonymous members
	// descended).
	Members map[*ast.SelectorExpr]*Field
	// Translated maps member accesses through curpsinfo/curlwpsinfo to
	// their translation.
	Translated map[*ast.SelectorExpr]*Translated
	// TypeNames maps each type name of a cast, sizeof, offsetof or key
	// signature to its type.
	TypeNames map[*ast.TypeName]Type
	// Formats holds the parsed format of every printf-like call
	// (printf, printa with a format, system, freopen).
	Formats map[*ast.CallExpr]*FormatInfo
	// UserMem marks the expressions whose value is read from user memory:
	// dereferences, subscripts and members through a userland pointer
	// (IsUser). Pointers found there are userland pointers too.
	UserMem map[ast.Expr]bool
	// Inlines maps each identifier that names an inline to its
	// declaration (a constant inline's value is also in Consts).
	Inlines map[ast.Expr]*ast.InlineDecl
	// Decls maps each declarator of a variable declaration ("int x;",
	// "self struct foo *p;", "int a[string];") to its variable, whose
	// Type is the declared type (D struct, union, enum and typedef names
	// resolved).
	Decls map[*ast.Declarator]*Var
	// ClauseArgs holds, per clause, the types of args[] for its first
	// probe description (nil if args[] is unavailable or unused).
	ClauseArgs map[*ast.Clause][]Type

	// Globals, ThreadLocals and ClauseLocals list the program's
	// variables in order of creation; Aggregations its aggregations.
	Globals      []*Var
	ThreadLocals []*Var
	ClauseLocals []*Var
	Aggregations []*Agg

	// KernelTypes is set when the program used kernel (BTF) types.
	KernelTypes bool
	// StrSize is the size of D strings for this program: Config.StrSize,
	// or the program's #pragma D option strsize, or 256. String.Size()
	// is always the default; use StrSize.
	StrSize uint64
}

// Merge returns the Info of a program made of several checked ones (dtrace -s and -n
// given together): the tables are keyed by node, so they join; the variable and
// aggregation lists are concatenated in order (once each, as a Checker's programs share
// theirs); StrSize is the largest. One Info is returned as is.
func Merge(infos ...*Info) *Info {
	if len(infos) == 1 {
		return infos[0]
	}
	m := &Info{Types: map[ast.Expr]Type{}, Consts: map[ast.Expr]Const{}, Vars: map[ast.Expr]*Var{},
		Builtins: map[ast.Expr]*BuiltinVar{}, Aggs: map[ast.Expr]*Agg{}, Calls: map[*ast.CallExpr]*Builtin{},
		Members: map[*ast.SelectorExpr]*Field{}, Translated: map[*ast.SelectorExpr]*Translated{},
		TypeNames: map[*ast.TypeName]Type{}, Formats: map[*ast.CallExpr]*FormatInfo{},
		UserMem: map[ast.Expr]bool{}, Inlines: map[ast.Expr]*ast.InlineDecl{},
		Decls: map[*ast.Declarator]*Var{}, ClauseArgs: map[*ast.Clause][]Type{}}
	for _, in := range infos {
		maps.Copy(m.Types, in.Types)
		maps.Copy(m.Consts, in.Consts)
		maps.Copy(m.Vars, in.Vars)
		maps.Copy(m.Builtins, in.Builtins)
		maps.Copy(m.Aggs, in.Aggs)
		maps.Copy(m.Calls, in.Calls)
		maps.Copy(m.Members, in.Members)
		maps.Copy(m.Translated, in.Translated)
		maps.Copy(m.TypeNames, in.TypeNames)
		maps.Copy(m.Formats, in.Formats)
		maps.Copy(m.UserMem, in.UserMem)
		maps.Copy(m.Inlines, in.Inlines)
		maps.Copy(m.Decls, in.Decls)
		maps.Copy(m.ClauseArgs, in.ClauseArgs)
		m.Globals = appendNew(m.Globals, in.Globals)
		m.ThreadLocals = appendNew(m.ThreadLocals, in.ThreadLocals)
		m.ClauseLocals = appendNew(m.ClauseLocals, in.ClauseLocals)
		m.Aggregations = appendNew(m.Aggregations, in.Aggregations)
		m.KernelTypes = m.KernelTypes || in.KernelTypes
		m.StrSize = max(m.StrSize, in.StrSize)
	}
	return m
}

// appendNew appends the elements of add that list does not hold yet.
func appendNew[E comparable](list, add []E) []E {
	for _, e := range add {
		if !slices.Contains(list, e) {
			list = append(list, e)
		}
	}
	return list
}

// TypeOf returns the type of e, or nil if e was not checked.
func (info *Info) TypeOf(e ast.Expr) Type { return info.Types[e] }

// ConstInt returns the integer value of a constant expression.
func (info *Info) ConstInt(e ast.Expr) (uint64, bool) {
	c, ok := info.Consts[e]
	if !ok || c.IsString {
		return 0, false
	}
	return c.Int, true
}
