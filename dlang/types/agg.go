// This file implements aggregations: references (@a, @a[keys]),
// assignments of aggregating functions (one function and one key signature
// per aggregation), and the checks of aggregating function arguments that
// DTrace makes when compiling (dt_compile_agg): quantize increments and the
// constant parameters of lquantize() and llquantize().

package types

import (
	"math"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
)

// aggRef checks @a[keys] used other than as the target of an assignment.
func (check *checker) aggRef(x *ast.IndexExpr, b *ast.Aggregation) *operand {
	a := check.aggs[b.Name]
	check.setType(b, Dynamic)
	if a != nil {
		check.setAgg(b, a)
		check.setAgg(x, a)
	}
	for _, k := range x.Index {
		check.keyExpr(k)
	}
	return check.newOp(operand{t: Dynamic, agg: a, keyed: true, nm: "aggregation", id: aggName(b.Name)})
}

// aggAssign checks @a[keys] = aggfunc(args).
func (check *checker) aggAssign(x *ast.AssignExpr) *operand {
	var b *ast.Aggregation
	var keyExprs []ast.Expr
	switch l := x.LHS.(type) {
	case *ast.Aggregation:
		b = l
	case *ast.IndexExpr:
		b, keyExprs = l.X.(*ast.Aggregation), l.Index
	}
	name := aggName(b.Name)
	if x.Op.String() != "=" {
		check.errorAt(x.LHS, diag.D_VAR_UNDEF, "%s has not yet been declared or assigned", name)
	}
	a := check.aggs[b.Name]
	created := false
	if a == nil {
		a = &Agg{Name: b.Name, ID: len(check.info.Aggregations), Line: check.pos(b.Pos()).Line}
		check.aggs[b.Name] = a
		check.info.Aggregations = append(check.info.Aggregations, a)
		created = true
		check.logUndo(func() {
			delete(check.aggs, b.Name)
			check.info.Aggregations = check.info.Aggregations[:len(check.info.Aggregations)-1]
		})
	}
	// The function is checked before the keys, as in dt_cook_op2.
	call, _ := x.RHS.(*ast.CallExpr)
	var fn *Builtin
	var fnOps *operand
	if call != nil {
		fn = check.lookupFunc(call)
	}
	if fn != nil && fn.Kind == Aggregating {
		fnOps = check.call(call, ctxAggFunc)
		check.setType(call, fnOps.t)
	} else {
		check.expr(x.RHS, opRef)
		check.errorAt(x, diag.D_AGG_FUNC, "%s must be assigned the result of an aggregating function", name)
	}
	if a.Func != nil && a.Func != fn {
		check.errorAt(x, diag.D_AGG_REDEF, "aggregation redefined: %s\n\t current: %s = %s( )\n\tprevious: %s = %s( ) : line %d",
			name, name, fn.Name, name, a.Func.Name, a.Line)
	}
	if a.Func == nil {
		if !created {
			old := a.Func
			check.logUndo(func() { a.Func = old })
		}
		a.Func = fn
	}
	var keyOps []*operand
	check.later(func() { check.aggCompile(x, a, call, fn) })
	keyOps = check.keys(keyExprs)
	check.keySig(x.LHS, aggName(b.Name)[1:], "@", &a.Keys, &a.keysSet, keyOps, func(f func()) {
		oldKeys, oldSet := a.Keys, a.keysSet
		check.logUndo(func() { a.Keys, a.keysSet = oldKeys, oldSet })
		f()
	})
	check.setAgg(b, a)
	check.setType(b, Dynamic)
	if x.LHS != ast.Expr(b) {
		check.setAgg(x.LHS, a)
		check.setType(x.LHS, Dynamic)
	}
	return check.newOp(operand{t: Dynamic, agg: a, nm: "aggregation", id: name})
}

// aggCompile makes the checks of dt_compile_agg.
func (check *checker) aggCompile(x *ast.AssignExpr, a *Agg, call *ast.CallExpr, fn *Builtin) {
	args := call.Args
	argType := func(i int) *operand {
		t := check.info.Types[args[i]]
		op := check.newOp(operand{t: t})
		if c, ok := check.info.Consts[args[i]]; ok {
			op.isConst, op.c = true, c
		}
		return op
	}
	if len(args) > 0 && !IsScalar(argType(0).t) {
		check.errorAt(call, diag.D_AGG_SCALAR, "%s( ) argument #1 must be of scalar type", fn.Name)
	}
	incr, argmax := -1, 0
	switch fn.Name {
	case "lquantize":
		check.lquantize(x, a, call, argType)
		incr, argmax = 4, 5
	case "llquantize":
		check.llquantize(x, a, call, argType)
		incr, argmax = 5, 6
	case "quantize":
		incr, argmax = 1, 2
	}
	if incr < 0 || incr >= len(args) {
		return
	}
	if !IsScalar(argType(incr).t) {
		check.errorAt(x, diag.D_PROTO_ARG, "%s( ) increment value (argument #%d) must be of scalar type", fn.Name, argmax)
	}
	if len(args) > incr+1 {
		check.errorAt(args[incr], diag.D_PROTO_LEN, "%s( ) prototype mismatch: %d args passed, at most %d expected", fn.Name, len(args), argmax)
	}
}

func (check *checker) setLQuant(a *Agg, vals []int64) {
	old := a.LQuant
	check.logUndo(func() { a.LQuant = old })
	a.LQuant = vals
}

func (check *checker) lquantize(x *ast.AssignExpr, a *Agg, call *ast.CallExpr, arg func(int) *operand) {
	args := call.Args
	base := arg(1)
	if !base.isIntConst() {
		check.errorAt(args[1], diag.D_LQUANT_BASETYPE, "lquantize( ) argument #1 must be an integer constant")
	}
	bv := int64(base.c.Int)
	if bv < math.MinInt32 || bv > math.MaxInt32 {
		check.errorAt(args[1], diag.D_LQUANT_BASEVAL, "lquantize( ) argument #1 must be a 32-bit quantity")
	}
	lim := arg(2)
	if !lim.isIntConst() {
		check.errorAt(args[2], diag.D_LQUANT_LIMTYPE, "lquantize( ) argument #2 must be an integer constant")
	}
	lv := int64(lim.c.Int)
	if lv < math.MinInt32 || lv > math.MaxInt32 {
		check.errorAt(args[2], diag.D_LQUANT_LIMVAL, "lquantize( ) argument #2 must be a 32-bit quantity")
	}
	if lv < bv {
		check.errorAt(x, diag.D_LQUANT_MISMATCH, "lquantize( ) base (argument #1) must be less than limit (argument #2)")
	}
	step := int64(1)
	if len(args) > 3 {
		s := arg(3)
		if !s.posConst() {
			check.errorAt(args[3], diag.D_LQUANT_STEPTYPE, "lquantize( ) argument #3 must be a non-zero positive integer constant")
		}
		if s.c.Int > math.MaxUint16 {
			check.errorAt(args[3], diag.D_LQUANT_STEPVAL, "lquantize( ) argument #3 must be a 16-bit quantity")
		}
		step = int64(s.c.Int)
	}
	nlevels := (lv - bv) / step
	if nlevels == 0 {
		check.errorAt(x, diag.D_LQUANT_STEPLARGE, "lquantize( ) step (argument #3) too large: must have at least one quantization level")
	}
	if nlevels > math.MaxUint16 {
		check.errorAt(x, diag.D_LQUANT_STEPSMALL, "lquantize( ) step (argument #3) too small: number of quantization levels must be a 16-bit quantity")
	}
	if a.LQuant == nil {
		check.setLQuant(a, []int64{bv, lv, step})
		return
	}
	ob, ol, os := a.LQuant[0], a.LQuant[1], a.LQuant[2]
	olevels := (ol - ob) / os
	if ob != bv {
		check.errorAt(x, diag.D_LQUANT_MATCHBASE, "lquantize( ) base (argument #1) doesn't match previous declaration: expected %d, found %d", ob, bv)
	}
	if olevels*os != nlevels*step {
		check.errorAt(x, diag.D_LQUANT_MATCHLIM, "lquantize( ) limit (argument #2) doesn't match previous declaration: expected %d, found %d", ob+olevels*os, bv+nlevels*step)
	}
	if os != step {
		check.errorAt(x, diag.D_LQUANT_MATCHSTEP, "lquantize( ) step (argument #3) doesn't match previous declaration: expected %d, found %d", os, step)
	}
}

func (check *checker) llquantize(x *ast.AssignExpr, a *Agg, call *ast.CallExpr, arg func(int) *operand) {
	// The checks and messages of Linux DTrace's llquantize (whose error
	// tags godtrace uses): factor >= 2, low <= high magnitude, no 64-bit
	// overflow, and steps dividing (or divided by) the factor.
	args := call.Args
	intArg := func(i int, tag diag.Tag) uint64 {
		op := arg(i)
		if !op.isIntConst() {
			check.errorAt(args[i], tag, "llquantize( ) argument #%d must be an integer constant", i)
		}
		return op.c.Int
	}
	factor := intArg(1, diag.D_LLQUANT_FACTORTYPE)
	if factor > math.MaxUint16 || factor < 2 {
		check.errorAt(args[1], diag.D_LLQUANT_FACTORVAL, "llquantize( ) argument #1 must be an unsigned 16-bit quantity greater than or equal to 2")
	}
	low := intArg(2, diag.D_LLQUANT_LMAGTYPE)
	if low > math.MaxUint16 {
		check.errorAt(args[2], diag.D_LLQUANT_LMAGVAL, "llquantize( ) argument #2 must be an unsigned 16-bit quantity")
	}
	high := intArg(3, diag.D_LLQUANT_HMAGTYPE)
	if high > math.MaxUint16 {
		check.errorAt(args[3], diag.D_LLQUANT_HMAGVAL, "llquantize( ) argument #3 must be an unsigned 16-bit quantity")
	}
	if high < low {
		check.errorAt(args[3], diag.D_LLQUANT_HMAGVAL, "llquantize( ) argument #3 (high magnitude) must be at least argument #2 (low magnitude)")
	}
	if math.Pow(float64(factor), float64(high+1)) > math.MaxUint64 {
		check.errorAt(args[3], diag.D_LLQUANT_HMAGVAL, "llquantize( ) argument #3 (high magnitude) will cause overflow of 64 bits")
	}
	steps := intArg(4, diag.D_LLQUANT_STEPTYPE)
	if steps > math.MaxUint16 {
		check.errorAt(args[4], diag.D_LLQUANT_STEPVAL, "llquantize( ) argument #4 must be an unsigned 16-bit quantity")
	}
	if steps == 0 {
		check.errorAt(args[4], diag.D_LLQUANT_STEPTYPE, "llquantize( ) argument #4 must be a non-zero positive integer constant")
	}
	if steps < factor && factor%steps != 0 {
		check.errorAt(args[1], diag.D_LLQUANT_STEPVAL, "llquantize() argument #4 (steps) must evenly divide argument #1 (factor) when steps<factor")
	}
	if steps > factor {
		if steps%factor != 0 {
			check.errorAt(args[1], diag.D_LLQUANT_STEPVAL, "llquantize() argument #4 (steps) must be a multiple of argument #1 (factor) when steps>factor")
		}
		if low == 0 {
			if (factor*factor)%steps != 0 {
				check.errorAt(args[1], diag.D_LLQUANT_STEPVAL, "llquantize() argument #4 (steps) must evenly divide the square of argument #1 (factor) when steps>factor and lmag==0")
			}
		} else if p := math.Pow(float64(factor), float64(low+1)); p > math.MaxUint64 || uint64(p)%steps != 0 {
			check.errorAt(args[1], diag.D_LLQUANT_STEPVAL, "llquantize() argument #4 (steps) must evenly divide pow(argument #1 (factor), lmag (argument #2) + 1) when steps>factor and lmag==0")
		}
	}
	vals := []int64{int64(factor), int64(low), int64(high), int64(steps)}
	if a.LQuant == nil {
		check.setLQuant(a, vals)
		return
	}
	for i, p := range []struct {
		name string
		tag  diag.Tag
	}{
		{"factor", diag.D_LLQUANT_MATCHFACTOR},
		{"lmag", diag.D_LLQUANT_MATCHLMAG},
		{"hmag", diag.D_LLQUANT_MATCHHMAG},
		{"steps", diag.D_LLQUANT_MATCHSTEPS},
	} {
		if a.LQuant[i] != vals[i] {
			check.errorAt(x, p.tag, "llquantize() %s (argument #%d) doesn't match previous declaration: expected %d, found %d", p.name, i+1, a.LQuant[i], vals[i])
		}
	}
}
