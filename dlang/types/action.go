// This file implements the checks DTrace makes when it compiles each action
// statement (dt_compile_fun and the dt_action_* functions of dt_cc.c):
// trace() of void, printf()-like format strings, printa(), stack() sizes,
// clear()/normalize()/trunc() of aggregations, tracemem().

package types

import (
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
)

// actionCheck checks a tracing function called as a statement.
func (check *checker) actionCheck(x *ast.CallExpr, b *Builtin, ops []*operand) {
	fn := b.Name
	switch fn {
	case "trace":
		if IsVoid(ops[0].t) {
			check.errorAt(x.Args[0], diag.D_TRACE_VOID, "trace( ) may not be applied to a void expression")
		}
		if ops[0].isDyn() {
			check.errorAt(x.Args[0], diag.D_TRACE_DYN, "trace( ) may not be applied to a dynamic expression")
		}
	case "printf", "system", "freopen":
		check.printfLike(x, fn, ops)
	case "printa":
		check.printa(x, ops)
	case "tracemem":
		if !ops[0].isInt() && !IsPointer(ops[0].t) {
			check.errorAt(x.Args[0], diag.D_TRACEMEM_ADDR, "tracemem( ) argument #1 is incompatible with prototype:\n\tprototype: pointer or integer\n\t argument: %s", ops[0].typeName())
		}
		if !ops[1].posConst() {
			check.errorAt(x.Args[1], diag.D_TRACEMEM_SIZE, "tracemem( ) argument #2 must be a non-zero positive integral constant expression")
		}
	case "stack", "ustack", "jstack":
		check.stackArgs(x, b, ops)
	case "clear":
		check.aggArg(x, fn, ops, diag.D_CLEAR_AGGARG)
	case "normalize", "denormalize":
		check.aggArg(x, fn, ops, diag.D_NORMALIZE_AGGARG)
		if len(ops) > 1 && !IsScalar(ops[1].t) {
			check.errorAt(x, diag.D_NORMALIZE_SCALAR, "%s( ) argument #2 must be of scalar type", fn)
		}
	case "trunc":
		check.aggArg(x, fn, ops, diag.D_TRUNC_AGGARG)
		if len(ops) == 2 && !IsScalar(ops[1].t) {
			check.errorAt(x, diag.D_TRUNC_SCALAR, "%s( ) argument #2 must be of scalar type", fn)
		}
	case "print":
		if IsVoid(ops[0].t) {
			check.errorAt(x.Args[0], diag.D_TRACE_VOID, "print( ) may not be applied to a void expression")
		}
		if ops[0].isDyn() {
			check.errorAt(x.Args[0], diag.D_TRACE_DYN, "print( ) may not be applied to a dynamic expression")
		}
	}
	// Arguments that are actions (trace(stack())) or aggregating
	// functions are refused when the arguments are compiled; their
	// checks were registered while they were checked.
}

// keyActionCheck checks stack(), ustack() and the symbol actions used as
// aggregation keys.
func (check *checker) keyActionCheck(x *ast.CallExpr, b *Builtin, ops []*operand) {
	switch b.Name {
	case "stack", "ustack", "jstack":
		check.stackArgs(x, b, ops)
	}
}

// stackArgs checks the frame count and string size arguments of stack(),
// ustack() and jstack() (dt_action_stack_args, dt_action_ustack_args).
func (check *checker) stackArgs(x *ast.CallExpr, b *Builtin, ops []*operand) {
	if b.Name == "stack" {
		if len(ops) > 0 && !ops[0].posConst() {
			check.errorAt(x.Args[0], diag.D_STACK_SIZE, "stack( ) size must be a non-zero positive integral constant expression")
		}
		return
	}
	if len(ops) > 0 && !ops[0].posConst() {
		check.errorAt(x.Args[0], diag.D_USTACK_FRAMES, "ustack( ) argument #1 must be a non-zero positive integer constant")
	}
	if len(ops) > 1 && (!ops[1].isIntConst() || IsSigned(ops[1].t) && int64(ops[1].c.Int) < 0) {
		check.errorAt(x.Args[1], diag.D_USTACK_STRSIZE, "ustack( ) argument #2 must be a positive integer constant")
	}
}

// aggArg checks that the first argument of clear(), normalize() and
// trunc() is an aggregation.
func (check *checker) aggArg(x *ast.CallExpr, fn string, ops []*operand, tag diag.Tag) {
	if ops[0].agg == nil || ops[0].keyed {
		check.errorAt(x, tag, "%s( ) argument #1 is incompatible with prototype:\n\tprototype: aggregation\n\t argument: %s", fn, ops[0].typeName())
	}
}

// printa checks printa([format,] @a, ...): aggregation arguments, their
// key signatures, and the format against the keys (dt_action_printa).
func (check *checker) printa(x *ast.CallExpr, ops []*operand) {
	first, argr := 0, 1
	var fmtOp *operand
	if ops[0].isConst && ops[0].c.IsString {
		fmtOp, first, argr = ops[0], 1, 2
	}
	if len(ops) < argr {
		check.errorAt(x, diag.D_PRINTA_PROTO, "printa( ) prototype mismatch: %d args passed, %d expected", len(ops), argr)
	}
	var proto *Agg
	for i := first; i < len(ops); i++ {
		op := ops[i]
		if op.agg == nil || op.keyed {
			check.errorAt(x, diag.D_PRINTA_AGGARG, "printa( ) argument #%d is incompatible with prototype:\n\tprototype: aggregation\n\t argument: %s", argr, op.typeName())
		}
		if proto == nil {
			proto = op.agg
			if fmtOp != nil {
				check.printaFormat(x, fmtOp.c.Str, op.agg)
			}
		} else {
			check.printaKeys(x, proto, op.agg)
		}
		argr++
	}
}

// printaKeys checks that two aggregations printed together have matching
// keys (dt_printa_validate).
func (check *checker) printaKeys(x *ast.CallExpr, l, r *Agg) {
	if len(l.Keys) != len(r.Keys) {
		s := func(n int) string {
			if n == 1 {
				return ""
			}
			return "s"
		}
		check.errorAt(x, diag.D_PRINTA_AGGKEY, "printa( ): %s and %s do not have matching key signatures: %s has %d key%s, %s has %d key%s",
			aggName(l.Name), aggName(r.Name), aggName(l.Name), len(l.Keys), s(len(l.Keys)), aggName(r.Name), len(r.Keys), s(len(r.Keys)))
	}
	for i := range l.Keys {
		if argCompat(l.Keys[i], check.newOp(operand{t: r.Keys[i]})) {
			continue
		}
		check.errorAt(x, diag.D_PRINTA_AGGPROTO, "printa( ): %s[ ] key #%d is incompatible with %s:\n%9s key #%d: %s\n%9s key #%d: %s",
			aggName(r.Name), i+1, aggName(l.Name), aggName(l.Name), i+1, l.Keys[i], aggName(r.Name), i+1, r.Keys[i])
	}
}
