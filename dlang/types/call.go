// This file implements the checking of calls to built-in functions against
// their prototypes (dt_idcook_func, dt_idcook_sign) and the contexts each
// kind of function may be called in.

package types

import (
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
)

// callCtx is where a call appears.
type callCtx int

const (
	ctxExpr    callCtx = iota // inside an expression
	ctxStmt                   // the whole of an expression statement
	ctxKey                    // an aggregation key
	ctxAggFunc                // the right-hand side of @a[...] =
)

// later registers a check DTrace makes when it compiles a statement, after
// the whole clause has been checked (dt_compile_one_clause): action
// arguments, aggregation arguments, functions called out of context.
func (check *checker) later(f func()) {
	*check.deferred = append(*check.deferred, f)
}

// symbolActions may be aggregation keys.
var symbolActions = map[string]bool{
	"stack": true, "ustack": true, "jstack": true,
	"sym": true, "mod": true, "func": true,
	"usym": true, "umod": true, "ufunc": true, "uaddr": true,
}

// lookupFunc resolves a call's function (dt_node_func): these errors are
// found by DTrace while parsing.
func (check *checker) lookupFunc(x *ast.CallExpr) *Builtin {
	id, ok := x.Fun.(*ast.Ident)
	if !ok {
		check.errorAt(x, diag.D_FUNC_IDENT, "function designator is not of function type")
	}
	b := LookupFunc(id.Name)
	if b == nil {
		if kind := check.identKindName(id.Name); kind != "" {
			check.errorAt(x, diag.D_FUNC_IDKIND, "%s '%s' may not be referenced as a function", kind, id.Name)
		}
		check.errorAt(x, diag.D_FUNC_UNDEF, "undefined function name: %s", id.Name)
	}
	return b
}

// call checks a call of a built-in function in context ctx.
func (check *checker) call(x *ast.CallExpr, ctx callCtx) *operand {
	b := check.lookupFunc(x)
	check.logEntry(undoCall, x)
	check.info.Calls[x] = b
	check.setType(x.Fun, Dynamic)
	if b.Name == "copyout" || b.Name == "copyoutstr" {
		check.copyout = true
	}

	// An action's compile-time check runs before those of its arguments,
	// as in DTrace; its slot is reserved now and filled once the
	// arguments are checked.
	slot := -1
	switch {
	case b.Kind == Action && ctx == ctxStmt, b.Kind == Action && ctx == ctxKey && symbolActions[b.Name]:
		slot = len(*check.deferred)
		check.later(nil)
	case b.Kind == Aggregating && ctx == ctxAggFunc:
	case b.Kind == Subroutine:
	default:
		check.later(func() {
			check.errorAt(x, diag.D_CG_EXPR, "%s %s( ) may not be called from a D expression (D program context required)", b.Kind, b.Name)
		})
	}

	ops := make([]*operand, len(x.Args))
	for i, a := range x.Args {
		if c, ok := a.(*ast.CallExpr); ok {
			ops[i] = check.call(c, ctxExpr)
			check.setType(c, ops[i].t)
			continue
		}
		ops[i] = check.expr(a, opRef)
	}
	sig, err := b.Sig(nil)
	if err != nil {
		sig, err = b.Sig(check.kernel())
	}
	if err != nil {
		check.errorAt(x, diag.D_UNKNOWN, "%v", err)
	}
	check.protoCheck(x, b.Name, sig, ops)
	if slot >= 0 {
		if ctx == ctxStmt {
			(*check.deferred)[slot] = func() { check.actionCheck(x, b, ops) }
		} else {
			(*check.deferred)[slot] = func() { check.keyActionCheck(x, b, ops) }
		}
	}
	t := sig.Result
	if b.Kind == Aggregating {
		t = Dynamic
	}
	op := check.newOp(operand{t: t, action: b.Kind == Action, fn: b})
	return op
}

// protoCheck checks the arguments of a call of fn against a prototype
// (dt_idcook_sign).
func (check *checker) protoCheck(x *ast.CallExpr, fn string, sig *Signature, ops []*operand) {
	argc := len(ops)
	mismatch, limit, cmp := false, len(sig.Params), 0
	switch {
	case sig.Varargs >= 0:
		mismatch, limit, cmp = argc < sig.Varargs, sig.Varargs, +1
	case sig.Optargs >= 0:
		switch {
		case argc < sig.Optargs:
			mismatch, limit, cmp = true, sig.Optargs, +1
		case argc > len(sig.Params):
			mismatch, limit, cmp = true, len(sig.Params), -1
		default:
			limit = argc
		}
	default:
		mismatch = argc != len(sig.Params)
	}
	if mismatch {
		bound := ""
		switch {
		case cmp > 0:
			bound = "at least "
		case cmp < 0:
			bound = "at most "
		}
		check.errorAt(x, diag.D_PROTO_LEN, "%s( ) prototype mismatch: %d arg%spassed, %s%d expected", fn, argc, plural(argc), bound, limit)
	}
	for i := 0; i < limit; i++ {
		p := sig.Params[i]
		if p == nil || argCompat(p, ops[i]) {
			continue
		}
		check.errorAt(x, diag.D_PROTO_ARG, "%s( ) argument #%d is incompatible with prototype:\n\tprototype: %s\n\t%9s: %s",
			fn, i+1, sig.Names[i], "argument", ops[i].typeName())
	}
}
