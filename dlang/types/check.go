// This file implements the checker's driver: its state, the order of its
// phases, error reporting with DTrace's bail-out-per-clause discipline, and
// the undo log that lets a clause be checked a second time with its
// predicate first (as dt_cook_clause does).

package types

import (
	"fmt"

	"github.com/godtrace/godtrace/dlang/printf"
	"strconv"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

// checker holds the state of one Check. The receiver is always named
// check.
type checker struct {
	prog *ast.Program
	conf *Config
	info *Info
	errs diag.List
	k    KernelTypes

	globals map[string]*Var
	tls     map[string]*Var
	locals  map[string]*Var
	aggs    map[string]*Agg
	inlines map[string]*inline
	// user-defined D types
	typedefs map[string]Type
	tags     map[string]Type // "struct x", "union x", "enum x"
	enumers  map[string]enumerator

	// per clause
	argsUsed map[int64]ast.Node // args[] indices the clause uses
	clause   *ast.Clause
	desc     *ast.ProbeDesc
	argTypes []Type
	argsErr  error
	undo     []undoEntry // non-nil while checking a clause: undo log
	deferred *[]func()   // where later() puts compile-time checks
	opSlab   []operand
	spec     specState                 // speculation ordering state of the clause's statements
	region   string                    // "predicate" or "action list" while checking them
	formats  map[string]*printf.Format // parsed format strings (Validate does not change them)
	xlExprs  map[string]ast.Expr       // parsed translator member expressions
	copyout  bool                      // the statement calls copyout() or copyoutstr()
	predBuf  []func()                  // reused backing arrays of the clause's later() lists
	actBuf   []func()
}

type inline struct {
	name string
	typ  Type
	val  ast.Expr
	decl *ast.InlineDecl
}

type enumerator struct {
	typ   Type
	value int64
}

// Check type-checks prog. It returns the Info (partially filled when there
// are errors) and, if the program is not valid D, a diag.List of errors in
// source order, each with DTrace's tag and message. Within one clause only
// the first error (in DTrace's checking order) is reported.
func Check(prog *ast.Program, conf *Config) (*Info, error) {
	return NewChecker(conf).Check(prog)
}

// A Checker checks several programs in turn as one dtrace(1) invocation
// compiles its -n, -P, -s ... programs: variables, aggregations, inlines
// and types defined by one program are known to the programs after it,
// with the types they got. The zero value is not usable; use NewChecker.
type Checker struct {
	c *checker
}

// NewChecker returns a Checker; a nil conf is the zero Config.
func NewChecker(conf *Config) *Checker {
	if conf == nil {
		conf = &Config{}
	}
	return &Checker{c: newChecker(conf)}
}

// Check checks one program, as the package-level Check does. Its Info
// holds the side tables of prog's nodes; its Globals, ThreadLocals,
// ClauseLocals and Aggregations list every variable and aggregation known
// so far, from earlier programs too.
func (ch *Checker) Check(prog *ast.Program) (*Info, error) {
	if prog == nil {
		return nil, diag.List{{Tag: diag.D_EMPTY, Msg: "empty D program translation unit"}}
	}
	c := ch.c
	c.start(prog)
	c.run()
	c.finish()
	return c.info, c.errs.Err()
}

// bailout unwinds the checking of one clause or declaration after an error.
type bailout struct{}

func newChecker(conf *Config) *checker {
	var k KernelTypes = noKernel{}
	if conf.Kernel != nil {
		k = conf.Kernel
	}
	return &checker{
		conf:     conf,
		k:        k,
		info:     &Info{},
		globals:  map[string]*Var{},
		tls:      map[string]*Var{},
		locals:   map[string]*Var{},
		aggs:     map[string]*Agg{},
		inlines:  map[string]*inline{},
		typedefs: map[string]Type{},
		tags:     map[string]Type{},
		enumers:  map[string]enumerator{},
	}
}

// start prepares the checking of a program: fresh side tables, the
// variable lists carried over.
func (check *checker) start(prog *ast.Program) {
	n := 64
	if prog.File != nil {
		n += prog.File.Size() / 8 // about one expression per 8 bytes of D
	}
	old := check.info
	check.prog = prog
	check.errs = nil
	check.info = &Info{
		Types:        make(map[ast.Expr]Type, n),
		Consts:       make(map[ast.Expr]Const, n/4),
		Vars:         map[ast.Expr]*Var{},
		Builtins:     map[ast.Expr]*BuiltinVar{},
		Aggs:         map[ast.Expr]*Agg{},
		Calls:        map[*ast.CallExpr]*Builtin{},
		Members:      map[*ast.SelectorExpr]*Field{},
		Translated:   map[*ast.SelectorExpr]*Translated{},
		TypeNames:    map[*ast.TypeName]Type{},
		Formats:      map[*ast.CallExpr]*FormatInfo{},
		ClauseArgs:   map[*ast.Clause][]Type{},
		Inlines:      map[ast.Expr]*ast.InlineDecl{},
		Decls:        map[*ast.Declarator]*Var{},
		UserMem:      map[ast.Expr]bool{},
		Globals:      old.Globals,
		ThreadLocals: old.ThreadLocals,
		ClauseLocals: old.ClauseLocals,
		Aggregations: old.Aggregations,
		KernelTypes:  old.KernelTypes,
	}
}

// run checks the program's declarations and clauses in source order: a
// declaration is visible to the clauses after it, and a variable's type is
// fixed by the first clause (in source order) that assigns it.
func (check *checker) run() {
	check.pragmas()
	// Pass 1, what DTrace does while parsing: declarations take effect,
	// and the first error (macro arguments, undefined functions, constant
	// division by zero, bad declarations) stops the compilation.
	for _, it := range check.prog.Items {
		var failed bool
		switch it := it.(type) {
		case ast.Decl:
			failed = check.protect(func() { check.decl(it) })
		case *ast.Clause:
			failed = check.protect(func() { check.parseChecks(it) })
		}
		if failed {
			return
		}
	}
	if check.protect(check.unusedArg) {
		return
	}
	// Pass 2, DTrace's cooking: clauses in source order.
	for _, cl := range check.prog.Clauses {
		check.clauseDecl(cl)
	}
	check.errs.Sort()
}

// finish records what the whole program decided.
func (check *checker) finish() {
	check.info.StrSize = check.strSize()
}

// protect runs f, recovering a bailout.
func (check *checker) protect(f func()) (failed bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			failed = true
		}
	}()
	f()
	return false
}

// pos expands a position.
func (check *checker) pos(p token.Pos) token.Position {
	if check.prog.File == nil {
		return token.Position{Offset: p.Offset()}
	}
	return check.prog.Position(p)
}

// errorf reports an error at p and abandons the current clause.
func (check *checker) errorf(p token.Pos, tag diag.Tag, format string, args ...any) {
	e := &diag.Error{Pos: check.pos(p), Tag: tag, Msg: fmt.Sprintf(format, args...)}
	if check.region != "" {
		setRegion(e, check.region)
	}
	check.errs = append(check.errs, e)
	panic(bailout{})
}

// errorAt is errorf for a node: DTrace reports the line of the node's last
// token (its parse node is created when the grammar reduces it).
func (check *checker) errorAt(n ast.Node, tag diag.Tag, format string, args ...any) {
	p := n.End() - 1
	if p < n.Pos() {
		p = n.Pos()
	}
	check.errorf(p, tag, format, args...)
}

// undoEntry is one entry of the undo log: a side-table entry to delete
// (kind != 0) or a function to call.
type undoEntry struct {
	kind uint8
	e    ast.Expr
	f    func()
}

const (
	undoFunc uint8 = iota
	undoType
	undoConst
	undoVar
	undoAgg
	undoBuiltin
	undoCall
)

// logUndo records how to revert a change made while checking a clause.
func (check *checker) logUndo(f func()) {
	if check.undo != nil {
		check.undo = append(check.undo, undoEntry{f: f})
	}
}

func (check *checker) logEntry(kind uint8, e ast.Expr) {
	if check.undo != nil {
		check.undo = append(check.undo, undoEntry{kind: kind, e: e})
	}
}

// rollback reverts every change logged since the clause began.
func (check *checker) rollback() {
	for i := len(check.undo) - 1; i >= 1; i-- {
		u := check.undo[i]
		switch u.kind {
		case undoFunc:
			u.f()
		case undoType:
			delete(check.info.Types, u.e)
		case undoConst:
			delete(check.info.Consts, u.e)
		case undoVar:
			delete(check.info.Vars, u.e)
		case undoAgg:
			delete(check.info.Aggs, u.e)
		case undoBuiltin:
			delete(check.info.Builtins, u.e)
		case undoCall:
			delete(check.info.Calls, u.e.(*ast.CallExpr))
		}
	}
	check.undo = check.undo[:1]
}

// setType records the type of e.
func (check *checker) setType(e ast.Expr, t Type) Type {
	check.logEntry(undoType, e)
	check.info.Types[e] = t
	return t
}

func (check *checker) setConst(e ast.Expr, c Const) {
	check.logEntry(undoConst, e)
	check.info.Consts[e] = c
}

func (check *checker) setVar(e ast.Expr, v *Var) {
	check.logEntry(undoVar, e)
	check.info.Vars[e] = v
}

func (check *checker) setAgg(e ast.Expr, a *Agg) {
	check.logEntry(undoAgg, e)
	check.info.Aggs[e] = a
}

func (check *checker) setBuiltin(e ast.Expr, b *BuiltinVar) {
	check.logEntry(undoBuiltin, e)
	check.info.Builtins[e] = b
}

// kernel returns the kernel type resolver and notes that kernel types were
// needed.
func (check *checker) kernel() KernelTypes {
	check.info.KernelTypes = true
	return check.k
}

// clauseDecl checks one probe clause: like dt_cook_clause, the action list
// first, then the predicate; if that fails because a variable is used
// before the statement that creates it (D_IDENT_UNDEF, D_VAR_UNDEF), the
// clause is checked again with the predicate first.
func (check *checker) clauseDecl(cl *ast.Clause) {
	check.clause = cl
	check.desc = nil
	check.argTypes, check.argsErr = nil, nil
	check.argsUsed = nil
	if len(cl.Probes) > 0 {
		check.desc = cl.Probes[0]
	}
	defer func() { check.clause, check.undo, check.deferred = nil, check.undo[:0], nil }()

	predLater, actLater := check.predBuf[:0], check.actBuf[:0]
	defer func() {
		// Keep the backing arrays for the next clause, without the
		// closures (and what they hold).
		clear(predLater)
		clear(actLater)
		check.predBuf, check.actBuf = predLater[:0], actLater[:0]
	}()
	check.undo = append(check.undo[:0], undoEntry{})
	nerr := len(check.errs)
	failed := check.protect(func() {
		check.actions(cl, &actLater)
		check.predicate(cl, &predLater)
	})
	if failed {
		last := check.errs[len(check.errs)-1]
		if cl.Pred == nil || (last.Tag != diag.D_IDENT_UNDEF && last.Tag != diag.D_VAR_UNDEF) {
			return
		}
		// As in DTrace, the error of the second attempt is reported.
		check.errs = check.errs[:nerr]
		check.rollback()
		clear(predLater)
		clear(actLater)
		predLater, actLater = predLater[:0], actLater[:0]
		if check.protect(func() { check.predicate(cl, &predLater) }) {
			return
		}
		if check.protect(func() { check.actions(cl, &actLater) }) {
			return
		}
	}
	// Compile-time checks, in DTrace's order: the predicate, then each
	// statement.
	check.spec = specState{}
	check.protect(func() {
		for _, f := range predLater {
			if f != nil {
				f()
			}
		}
		for _, f := range actLater {
			if f != nil {
				f()
			}
		}
		check.otherDescs(cl)
	})
}

// otherDescs checks args[] in a clause with several probe descriptions.
// DTrace checks such a clause once per description; the Info of one node
// holds one type, so the types of the first description are used and the
// others must agree with them.
func (check *checker) otherDescs(cl *ast.Clause) {
	if len(check.argsUsed) == 0 || len(cl.Probes) < 2 || check.conf.ProbeArgs == nil {
		return
	}
	for _, d := range cl.Probes[1:] {
		names, err := check.conf.ProbeArgs(d)
		for i, n := range check.argsUsed {
			var t Type
			if err == nil && i < int64(len(names)) {
				var k KernelTypes
				if needsKernel(names[i]) {
					k = check.kernel()
				}
				t, _ = ParseType(names[i], k)
			}
			if t == nil {
				check.errorAt(n, diag.D_ARGS_MULTI, "args[ ] may not be referenced because probe description %s matches an unstable set of probes", descString(d))
			}
			first := check.argTypes[i]
			if !sameArgType(first, t) {
				check.errorAt(n, diag.D_ARGS_TYPE, "args[%d] is %s for probe description %s but %s for %s: use separate clauses",
					i, first, descString(check.desc), t, descString(d))
			}
		}
	}
}

// sameArgType reports whether two probe argument types are interchangeable
// for the generated code.
func sameArgType(a, b Type) bool {
	if Compatible(a, b) {
		return true
	}
	if IsInteger(a) && IsInteger(b) {
		return a.Size() == b.Size() && IsSigned(a) == IsSigned(b)
	}
	if IsPointer(a) && IsPointer(b) {
		return Compatible(Elem(a), Elem(b))
	}
	return IsStrCompat(a) && IsStrCompat(b)
}

func (check *checker) predicate(cl *ast.Clause, later *[]func()) {
	if cl.Pred == nil {
		return
	}
	check.deferred = later
	check.region = "predicate"
	defer func() { check.region = "" }()
	t := check.rvalue(cl.Pred)
	if !IsScalar(t) {
		check.errorAt(cl.Pred, diag.D_PRED_SCALAR, "predicate result must be of scalar type")
	}
}

func (check *checker) actions(cl *ast.Clause, later *[]func()) {
	if cl.Body == nil {
		return
	}
	check.deferred = later
	check.region = "action list"
	defer func() { check.region = "" }()
	for _, s := range cl.Body.List {
		check.stmt(s)
	}
}

// pragmas applies the options that change checking: strsize (the size of
// string) and defaultargs, as DTrace applies #pragma D option while
// parsing. Their values are not validated here (the consumer does that).
func (check *checker) pragmas() {
	for _, p := range check.prog.Pragmas {
		name, val, ok := p.Option()
		if !ok {
			continue
		}
		switch name {
		case "strsize":
			if n, err := parseSize(val); err == nil && n > 0 {
				conf := *check.conf
				conf.StrSize = n
				check.conf = &conf
			}
		case "defaultargs":
			conf := *check.conf
			conf.DefaultArgs = true
			check.conf = &conf
		}
	}
}

// parseSize parses a size option value: digits with an optional k, m, g
// or t suffix (dtrace(1)'s size syntax).
func parseSize(s string) (uint64, error) {
	mult := uint64(1)
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			mult, s = 1<<10, s[:n-1]
		case 'm', 'M':
			mult, s = 1<<20, s[:n-1]
		case 'g', 'G':
			mult, s = 1<<30, s[:n-1]
		case 't', 'T':
			mult, s = 1<<40, s[:n-1]
		}
	}
	v, err := strconv.ParseUint(s, 0, 64)
	return v * mult, err
}

// unusedArg reports a last macro argument the program does not reference,
// as dtrace(1) does after parsing (unless the argref option is set).
func (check *checker) unusedArg() {
	n := len(check.conf.MacroArgs) - 1
	if n < 1 || check.conf.ArgRef {
		return
	}
	name := strconv.Itoa(n)
	used := false
	ast.Inspect(check.prog, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.MacroArg:
			if x.Name == name {
				used = true
			}
		case *ast.ProbeDesc:
			if refersTo(x.Text, name) {
				used = true
			}
		}
		return !used
	})
	if !used {
		check.errorf(check.prog.EOF, diag.D_MACRO_UNUSED, "extraneous argument '%s' ($%d is not referenced)", check.conf.MacroArgs[n], n)
	}
}

// refersTo reports whether probe description text uses $name or $$name.
func refersTo(text, name string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] != '$' {
			continue
		}
		j := i + 1
		if j < len(text) && text[j] == '$' {
			j++
		}
		k := j
		for k < len(text) && text[k] >= '0' && text[k] <= '9' {
			k++
		}
		if text[j:k] == name {
			return true
		}
		i = k - 1
	}
	return false
}
