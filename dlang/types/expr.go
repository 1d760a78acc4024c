// This file implements the checking of expressions (dt_cook_op1,
// dt_cook_op2, dt_cook_op3 in DTrace): operand types, lvalues, D's
// conversion rules, and constant folding as DTrace folds.

package types

import (
	"fmt"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

// How an expression is used: read (DT_IDFLG_REF), modified (DT_IDFLG_MOD),
// and whether an unknown global may be created.
const (
	opRef = 1 << iota
	opMod
	opCreate
)

// operand is the result of checking an expression.
type operand struct {
	t        Type
	lval     bool // an lvalue
	writable bool // a D variable (or part of one) that may be assigned
	bitfield bool
	isConst  bool
	c        Const
	v        *Var     // a program variable (or associative array element)
	agg      *Agg     // an aggregation reference
	keyed    bool     // agg with keys (@a[k])
	action   bool     // the result of a tracing function
	nm, id   string   // dt_node_name, in two parts (built only for messages)
	fn       *Builtin // the function called, for a call
}

// name is dt_node_name: "scalar x", "operator +", "integer constant 0x1".
func (op *operand) name() string {
	switch {
	case op.fn != nil:
		return op.fn.Kind.String() + " " + op.fn.Name + "( )"
	case op.nm == "integer constant":
		return fmt.Sprintf("integer constant 0x%x", op.c.Int)
	case op.nm == "string constant":
		return fmt.Sprintf("string constant %q", op.c.Str)
	case op.id == "":
		return op.nm
	}
	return op.nm + " " + op.id
}

// typeName is dt_node_type_name: dynamic operands are named by what they
// are.
func (op *operand) typeName() string {
	if op.t == Dynamic {
		switch {
		case op.fn != nil:
			return op.fn.Kind.String()
		case op.agg != nil:
			return "aggregation"
		case op.v != nil && op.v.Assoc:
			return "associative array"
		case op.v != nil:
			return "scalar"
		}
	}
	return op.t.String()
}

func (op *operand) isInt() bool  { return IsInteger(op.t) }
func (op *operand) isZero() bool { return op.isConst && !op.c.IsString && op.c.Int == 0 }
func (op *operand) isDyn() bool  { return op.t == Dynamic }
func (op *operand) isIntConst() bool {
	return op.isConst && !op.c.IsString && IsInteger(op.t)
}

// posConst reports whether op is a positive non-zero integer constant
// (dt_node_is_posconst).
func (op *operand) posConst() bool {
	return op.isIntConst() && op.c.Int != 0 && (!IsSigned(op.t) || int64(op.c.Int) > 0)
}

// rvalue checks a value that is read.
func (check *checker) rvalue(e ast.Expr) Type { return check.expr(e, opRef).t }

// expr checks e and records its type (and value, if constant).
func (check *checker) expr(e ast.Expr, how int) *operand {
	op := check.expr0(e, how)
	check.setType(e, op.t)
	if op.isConst {
		check.setConst(e, op.c)
	}
	return op
}

func (check *checker) expr0(e ast.Expr, how int) *operand {
	switch x := e.(type) {
	case *ast.BadExpr:
		check.errorAt(x, diag.D_SYNTAX, "syntax error")
	case *ast.IntLit:
		t, ok := intLitType(x.Value, x.Base == 10, x.Suffix)
		if !ok {
			check.errorAt(x, diag.D_INT_OFLOW, "integer constant 0x%x cannot be represented in any built-in integral type", x.Value)
		}
		return check.newOp(operand{t: t, isConst: true, c: Const{Int: x.Value}, nm: "integer constant"})
	case *ast.CharLit:
		v := uint64(x.Value)
		t, ok := intLitType(v, true, "")
		if !ok {
			t = Universe.Long
		}
		return check.newOp(operand{t: t, isConst: true, c: Const{Int: v}, nm: "integer constant"})
	case *ast.StringLit:
		return check.newOp(operand{t: String, isConst: true, c: Const{IsString: true, Str: x.Value}, nm: "string constant"})
	case *ast.MacroArg:
		return check.macroArg(x, how)
	case *ast.Ident:
		return check.ident(x, how)
	case *ast.ScopedVar:
		return check.scopedVar(x, how)
	case *ast.Aggregation:
		a := check.aggs[x.Name]
		if a == nil {
			check.errorAt(x, diag.D_IDENT_UNDEF, "failed to resolve %s: Unknown variable name", aggName(x.Name))
		}
		check.setAgg(x, a)
		return check.newOp(operand{t: Dynamic, agg: a, lval: true, nm: "aggregation", id: aggName(x.Name)})
	case *ast.ParenExpr:
		op := *check.expr(x.X, how)
		return &op
	case *ast.SelectorExpr:
		return check.selector(x)
	case *ast.IndexExpr:
		return check.index(x, how)
	case *ast.CallExpr:
		return check.call(x, ctxExpr)
	case *ast.UnaryExpr:
		return check.unary(x)
	case *ast.PostfixExpr:
		return check.incDec(x, x.X, x.Op)
	case *ast.BinaryExpr:
		return check.binary(x)
	case *ast.AssignExpr:
		return check.assign(x)
	case *ast.CondExpr:
		return check.cond(x)
	case *ast.CastExpr:
		return check.cast(x)
	case *ast.SizeofExpr:
		return check.sizeof(x)
	case *ast.StringofExpr:
		op := check.expr(x.X, opRef)
		if !IsScalar(op.t) && !IsPointer(op.t) && !IsStrCompat(op.t) {
			check.errorAt(x, diag.D_STRINGOF_TYPE, "cannot apply stringof to a value of type %s", op.typeName())
		}
		return check.newOp(operand{t: String})
	case *ast.OffsetofExpr:
		return check.offsetof(x)
	case *ast.XlateExpr:
		t, _ := check.xlate(x)
		check.errorAt(x, diag.D_UNKNOWN, "xlate <%s> is supported by godtrace only with a member access: xlate <%s> (...)%s", t, t, map[bool]string{true: "->member", false: ".member"}[IsPointer(t)])
	}
	check.errorAt(e, diag.D_UNKNOWN, "internal error: unexpected expression %T", e)
	return nil
}

func aggName(name string) string {
	if name == "" {
		return "@_"
	}
	return "@" + name
}

// opString is opstr() for the operators in messages.
func opString(op token.Token) string { return op.String() }

// fold computes a binary operator on two integer constants as dt_node_op2
// does; ok is false for operators DTrace does not fold.
func fold(op token.Token, l, r *operand) (Const, Type, bool) {
	a, b := l.c.Int, r.c.Int
	intT := Type(Universe.Int)
	var v uint64
	var t Type
	signed := func() bool { return IsSigned(Promote(l.t, r.t)) }
	b2u := func(x bool) uint64 {
		if x {
			return 1
		}
		return 0
	}
	switch op {
	case token.LOR:
		v, t = b2u(a != 0 || b != 0), intT
	case token.LXOR:
		v, t = b2u((a != 0) != (b != 0)), intT
	case token.LAND:
		v, t = b2u(a != 0 && b != 0), intT
	case token.OR:
		v, t = a|b, Promote(l.t, r.t)
	case token.XOR:
		v, t = a^b, Promote(l.t, r.t)
	case token.AND:
		v, t = a&b, Promote(l.t, r.t)
	case token.EQL:
		v, t = b2u(a == b), intT
	case token.NEQ:
		v, t = b2u(a != b), intT
	case token.LSS:
		if signed() {
			v = b2u(int64(a) < int64(b))
		} else {
			v = b2u(a < b)
		}
		t = intT
	case token.LEQ:
		if signed() {
			v = b2u(int64(a) <= int64(b))
		} else {
			v = b2u(a <= b)
		}
		t = intT
	case token.GTR:
		if signed() {
			v = b2u(int64(a) > int64(b))
		} else {
			v = b2u(a > b)
		}
		t = intT
	case token.GEQ:
		if signed() {
			v = b2u(int64(a) >= int64(b))
		} else {
			v = b2u(a >= b)
		}
		t = intT
	case token.SHL:
		v, t = a<<(b&63), l.t
		if b >= 64 {
			v = 0
		}
	case token.SHR:
		v, t = a>>(b&63), l.t
		if b >= 64 {
			v = 0
		}
	case token.ADD:
		v, t = a+b, Promote(l.t, r.t)
	case token.SUB:
		v, t = a-b, Promote(l.t, r.t)
	case token.MUL:
		v, t = a*b, Promote(l.t, r.t)
	case token.QUO, token.REM:
		t = Promote(l.t, r.t)
		if b == 0 {
			return Const{}, nil, false
		}
		if IsSigned(t) {
			if op == token.QUO {
				v = uint64(int64(a) / int64(b))
			} else {
				v = uint64(int64(a) % int64(b))
			}
		} else if op == token.QUO {
			v = a / b
		} else {
			v = a % b
		}
	default:
		return Const{}, nil, false
	}
	return Const{Int: v}, t, true
}

// ptrCompat is dt_node_is_ptrcompat: both operands are pointers (or
// arrays, strings included) to compatible types, or one is void *, or one
// is the constant 0.
func ptrCompat(l, r *operand) bool {
	if l.isDyn() || r.isDyn() {
		return false
	}
	li, ri := l.isInt(), r.isInt()
	if li && ri {
		return false
	}
	if li && !l.isZero() || ri && !r.isZero() {
		return false
	}
	lt, rt := l.t, r.t
	if li {
		lt = rt
	} else if ri {
		rt = lt
	}
	lref, rref := ptrElem(lt), ptrElem(rt)
	if lref == nil || rref == nil {
		return false
	}
	return IsVoid(lref) || IsVoid(rref) || Compatible(lref, rref)
}

// ptrElem returns the referenced type of a pointer, array or string.
func ptrElem(t Type) Type {
	if IsString(t) {
		return Universe.Char
	}
	return Elem(t)
}

// argCompat is dt_node_is_argcompat: may a value r be passed where type l
// is expected (function parameters, assignment, keys)?
func argCompat(l Type, r *operand) bool {
	if IsInteger(l) && r.isInt() {
		return true
	}
	if IsStrCompat(l) && IsStrCompat(r.t) {
		return true
	}
	if l == StackType || l == SymAddr || l == USymAddr {
		return r.t == l
	}
	switch Resolve(l).(type) {
	case *Struct, *Func, *Forward:
		return Compatible(l, r.t)
	}
	return ptrCompat(&operand{t: l}, r)
}

func (check *checker) unary(x *ast.UnaryExpr) *operand {
	switch x.Op {
	case token.INC, token.DEC:
		return check.incDec(x, x.X, x.Op)
	}
	op := check.expr(x.X, opRef)
	switch x.Op {
	case token.MUL: // dereference
		var elem Type
		switch r := Resolve(op.t).(type) {
		case *Pointer:
			elem = r.Elem
		case *Array:
			elem = r.Elem
		case *StringKind:
			elem = Universe.Char
		default:
			check.errorAt(x, diag.D_DEREF_NONPTR, "cannot dereference non-pointer type")
		}
		switch Resolve(elem).(type) {
		case *VoidType:
			check.errorAt(x, diag.D_DEREF_VOID, "cannot dereference pointer to void")
		case *Func:
			check.errorAt(x, diag.D_DEREF_FUNC, "cannot dereference pointer to function")
		}
		_, isArr := Resolve(elem).(*Array)
		if IsUser(op.t) {
			check.setUser(x)
			elem = userPtr(elem)
		}
		return check.newOp(operand{t: elem, lval: !isArr || IsString(elem), writable: op.writable, nm: "operator", id: "*"})
	case token.ADD, token.SUB:
		if !IsArith(op.t) {
			check.errorAt(x, diag.D_OP_ARITH, "operator %s requires an operand of arithmetic type", opString(x.Op))
		}
		res := check.newOp(operand{t: op.t, nm: "operator", id: opString(x.Op)})
		if op.isIntConst() {
			res.isConst, res.c = true, op.c
			if x.Op == token.SUB {
				res.c.Int = negConst(op.c.Int, op.t)
			}
		}
		return res
	case token.TILDE:
		if !op.isInt() {
			check.errorAt(x, diag.D_OP_INT, "operator %s requires an operand of integral type", opString(x.Op))
		}
		res := check.newOp(operand{t: op.t, nm: "operator", id: "~"})
		if op.isIntConst() {
			res.isConst, res.c = true, Const{Int: ^op.c.Int}
		}
		return res
	case token.NOT:
		if !IsScalar(op.t) {
			check.errorAt(x, diag.D_OP_SCALAR, "operator %s requires an operand of scalar type", opString(x.Op))
		}
		res := check.newOp(operand{t: Universe.Int, nm: "operator", id: "!"})
		if op.isIntConst() {
			res.isConst = true
			if op.c.Int == 0 {
				res.c.Int = 1
			}
			res.t = op.t // DTrace folds !c keeping the operand's type
		}
		return res
	case token.AND: // address of
		if op.v != nil || op.agg != nil {
			check.errorAt(x, diag.D_ADDROF_VAR, "cannot take address of dynamic variable")
		}
		if op.isDyn() {
			check.errorAt(x, diag.D_ADDROF_VAR, "cannot take address of dynamic object")
		}
		if !op.lval {
			check.errorAt(x, diag.D_ADDROF_LVAL, "unacceptable operand for unary & operator")
		}
		if op.bitfield {
			check.errorAt(x, diag.D_ADDROF_BITFIELD, "cannot take address of bit-field")
		}
		return check.newOp(operand{t: &Pointer{Elem: op.t}, nm: "operator", id: "&"})
	}
	check.errorAt(x, diag.D_UNKNOWN, "invalid unary op %s", opString(x.Op))
	return nil
}

// incDec checks ++ and -- (prefix or postfix). Like DTrace, applying them
// to a variable never assigned creates it as int64_t.
func (check *checker) incDec(n ast.Expr, e ast.Expr, tok token.Token) *operand {
	var op *operand
	switch x := e.(type) {
	case *ast.Ident:
		op = check.expr(x, opCreate)
	default:
		op = check.expr(e, 0)
	}
	if op.v != nil && op.v.unref() && op.v.Type == nil {
		check.updateVar(op.v, func(v *Var) { v.Type = Universe.Int64 })
		op.t = Universe.Int64
		check.setType(e, op.t)
	}
	if op.v != nil {
		check.markUse(op.v, opRef|opMod)
	}
	s := opString(tok)
	if !IsScalar(op.t) {
		check.errorAt(n, diag.D_OP_SCALAR, "operator %s requires operand of scalar type", s)
	}
	if IsVoidOrFuncPtr(op.t) {
		check.errorAt(n, diag.D_OP_VFPTR, "operator %s requires an operand of known size", s)
	}
	if !op.lval {
		check.errorAt(n, diag.D_OP_LVAL, "operator %s requires modifiable lvalue as an operand", s)
	}
	if !op.writable {
		check.errorAt(n, diag.D_OP_WRITE, "operator %s can only be applied to a writable variable", s)
	}
	return check.newOp(operand{t: op.t, nm: "operator", id: s})
}

func (check *checker) binary(x *ast.BinaryExpr) *operand {
	l := check.expr(x.X, opRef)
	var r *operand
	switch x.Op {
	case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ:
		r = check.enumTag(x, l)
	}
	if r == nil {
		r = check.expr(x.Y, opRef)
	}
	op := x.Op
	s := opString(op)
	res := check.newOp(operand{nm: "operator", id: s})
	incompat := func() {
		check.errorAt(x, diag.D_OP_INCOMPAT, "operands have incompatible types: \"%s\" %s \"%s\"", l.typeName(), s, r.typeName())
	}
	switch op {
	case token.AND, token.OR, token.XOR, token.REM:
		if !l.isInt() || !r.isInt() {
			check.errorAt(x, diag.D_OP_INT, "operator %s requires operands of integral type", s)
		}
		res.t = Promote(l.t, r.t)
	case token.SHL, token.SHR:
		if !l.isInt() || !r.isInt() {
			check.errorAt(x, diag.D_OP_INT, "operator %s requires operands of integral type", s)
		}
		res.t = l.t
	case token.MUL, token.QUO:
		if !IsArith(l.t) || !IsArith(r.t) {
			check.errorAt(x, diag.D_OP_ARITH, "operator %s requires operands of arithmetic type", s)
		}
		res.t = Promote(l.t, r.t)
	case token.LAND, token.LOR, token.LXOR:
		if !IsScalar(l.t) || !IsScalar(r.t) {
			check.errorAt(x, diag.D_OP_SCALAR, "operator %s requires operands of scalar type", s)
		}
		res.t = Universe.Int
	case token.EQL, token.NEQ, token.LSS, token.GTR, token.LEQ, token.GEQ:
		switch {
		case Compatible(l.t, r.t) && !l.isDyn():
		case l.isInt() && r.isInt():
		case IsStrCompat(l.t) && IsStrCompat(r.t) && (IsString(l.t) || IsString(r.t)):
		case ptrCompat(l, r):
		default:
			incompat()
		}
		res.t = Universe.Int
	case token.ADD, token.SUB:
		lp := IsString(l.t) || IsPointer(l.t) && !IsVoidOrFuncPtr(l.t)
		rp := IsString(r.t) || IsPointer(r.t) && !IsVoidOrFuncPtr(r.t)
		li, ri := l.isInt(), r.isInt()
		switch {
		case li && ri:
			res.t = Promote(l.t, r.t)
		case lp && ri:
			res.t = l.t
		case li && rp && op == token.ADD:
			res.t = r.t
		case lp && rp && op == token.SUB && ptrCompat(l, r):
			res.t = Universe.PtrDif
		default:
			incompat()
		}
	case token.COMMA:
		if l.isDyn() || r.isDyn() {
			check.errorAt(x, diag.D_OP_DYN, "operator %s operands cannot be of dynamic type", s)
		}
		if l.action || r.action {
			check.errorAt(x, diag.D_OP_ACT, "operator %s operands cannot be actions", s)
		}
		res.t = r.t
		if r.isConst {
			res.isConst, res.c = true, r.c
		}
		return res
	default:
		check.errorAt(x, diag.D_UNKNOWN, "invalid binary op %s", s)
	}
	if l.isIntConst() && r.isIntConst() {
		if c, t, ok := fold(op, l, r); ok {
			res.isConst, res.c, res.t = true, c, t
		}
	}
	return res
}

func (check *checker) cond(x *ast.CondExpr) *operand {
	c := check.expr(x.Cond, opRef)
	if c.isIntConst() {
		// DTrace folds a constant condition when parsing: only the chosen
		// branch exists (and is checked).
		var op *operand
		if c.c.Int != 0 {
			op = check.expr(x.Then, opRef)
		} else {
			op = check.expr(x.Else, opRef)
		}
		res := *op
		res.lval, res.writable, res.v = false, false, nil
		return &res
	}
	l := check.expr(x.Then, opRef)
	r := check.expr(x.Else, opRef)
	if !IsScalar(c.t) {
		check.errorAt(x, diag.D_OP_SCALAR, "operator ?: expression must be of scalar type")
	}
	if l.isDyn() || r.isDyn() {
		check.errorAt(x, diag.D_OP_DYN, "operator ?: operands cannot be of dynamic type")
	}
	var t Type
	switch {
	case Compatible(l.t, r.t):
		t = l.t
	case l.isInt() && r.isInt():
		t = Promote(l.t, r.t)
	case IsStrCompat(l.t) && IsStrCompat(r.t) && (IsString(l.t) || IsString(r.t)):
		t = String
	case ptrCompat(l, r):
		t = r.t
		if IsVoid(ptrElem(r.t)) || r.isInt() {
			t = l.t
		}
	default:
		check.errorAt(x, diag.D_OP_INCOMPAT, "operator ?: operands must have compatible types")
	}
	if l.action || r.action {
		check.errorAt(x, diag.D_OP_ACT, "action cannot be used in a conditional context")
	}
	return check.newOp(operand{t: t, nm: "operator", id: "?"})
}

func (check *checker) cast(x *ast.CastExpr) *operand {
	to := check.typeName(x.Type)
	op := check.expr(x.X, opRef)
	_, isFunc := Resolve(op.t).(*Func)
	switch {
	case Compatible(to, op.t) && !op.isDyn():
	case IsScalar(to) && (IsScalar(op.t) || isFunc):
	case IsVoid(to):
	case isPtrType(to) && IsPointer(op.t):
	case IsString(to) && (IsScalar(op.t) || IsPointer(op.t) || IsStrCompat(op.t)):
	default:
		check.errorAt(x, diag.D_CAST_INVAL, "invalid cast expression: \"%s\" to \"%s\"", op.typeName(), to)
	}
	res := check.newOp(operand{t: to, nm: "operator", id: "("})
	if op.isIntConst() && IsInteger(to) {
		res.isConst, res.c = true, Const{Int: castConst(op.c.Int, op.t, to)}
	}
	return res
}

func isPtrType(t Type) bool {
	_, ok := Resolve(t).(*Pointer)
	return ok
}

// castConst converts an integer constant to another integer type
// (dt_node_op2, DT_TOK_LPAR).
func castConst(v uint64, from, to Type) uint64 {
	src, dst := from.Size(), to.Size()
	ss, ds := IsSigned(from), IsSigned(to)
	n := (8 - dst) * 8
	cast := true
	switch {
	case n == 0:
		cast = false
	case dst > src:
		if ds || !ss {
			cast = false
		}
	case dst == src:
		if ds == ss {
			cast = false
		}
	}
	if cast {
		v <<= n
		if ds {
			v = uint64(int64(v) >> n)
		} else {
			v >>= n
		}
	}
	return v
}

func (check *checker) sizeof(x *ast.SizeofExpr) *operand {
	var size uint64
	if x.Type != nil {
		t := check.typeName(x.Type)
		size = check.sizeOf(t)
	} else {
		if s, ok := unparen(x.X).(*ast.StringLit); ok {
			check.expr(x.X, opRef)
			size = uint64(len(s.Value)) + 1
		} else {
			op := check.expr(x.X, opRef)
			if op.bitfield {
				check.errorAt(x, diag.D_SIZEOF_BITFIELD, "cannot apply sizeof to a bit-field")
			}
			if op.isDyn() && op.v != nil && op.v.Type != nil {
				size = check.sizeOf(op.v.Type)
			} else {
				size = check.sizeOf(op.t)
			}
		}
	}
	if size == 0 {
		check.errorAt(x, diag.D_SIZEOF_TYPE, "cannot apply sizeof to an operand of unknown size")
	}
	return check.newOp(operand{t: Universe.SizeT, isConst: true, c: Const{Int: size}, nm: "operator", id: "sizeof"})
}

// sizeOf is sizeof for a type, with the strsize option for strings.
func (check *checker) sizeOf(t Type) uint64 {
	if IsString(t) {
		return check.strSize()
	}
	return t.Size()
}

func (check *checker) strSize() uint64 {
	if check.conf.StrSize != 0 {
		return check.conf.StrSize
	}
	return DefaultStr
}

func (check *checker) offsetof(x *ast.OffsetofExpr) *operand {
	t := check.typeName(x.Type)
	st, ok := Resolve(t).(*Struct)
	if !ok {
		check.errorAt(x, diag.D_OFFSETOF_TYPE, "offsetof operand must be a struct or union type")
	}
	f := st.Field(x.Member.Name)
	if f == nil {
		check.errorAt(x, diag.D_UNKNOWN, "failed to determine offset of %s: Member name not found", x.Member.Name)
	}
	if f.BitSize != 0 {
		check.errorAt(x, diag.D_OFFSETOF_BITFIELD, "cannot take offset of a bit-field: %s", x.Member.Name)
	}
	v := f.Offset / 8
	lt, _ := intLitType(v, true, "")
	return check.newOp(operand{t: lt, isConst: true, c: Const{Int: v}})
}

// selector checks X.name and X->name.
func (check *checker) selector(x *ast.SelectorExpr) *operand {
	if xl, ok := unparen(x.X).(*ast.XlateExpr); ok {
		return check.xlateMember(x, xl)
	}
	l := check.expr(x.X, opRef)
	s := opString(x.Op)
	t := Resolve(l.t)
	if x.Op == token.ARROW {
		p, ok := t.(*Pointer)
		if !ok {
			check.errorAt(x, diag.D_OP_PTR, "operator %s must be applied to a pointer", s)
		}
		t = Resolve(p.Elem)
	}
	if fw, ok := t.(*Forward); ok {
		kw := "struct"
		if fw.Union {
			kw = "union"
		}
		full, err := check.kernel().Tagged(kw, fw.Name)
		if err != nil {
			check.errorAt(x, diag.D_OP_INCOMPLETE, "operator %s cannot be applied to a forward declaration: no %s definition is available", s, fw)
		}
		t = Resolve(full)
	}
	st, ok := t.(*Struct)
	if !ok {
		if x.Op == token.ARROW {
			check.errorAt(x, diag.D_OP_SOU, "operator -> cannot be applied to pointer to type \"%s\"; must be applied to a struct or union pointer", t)
		}
		check.errorAt(x, diag.D_OP_SOU, "operator %s cannot be applied to type \"%s\"; must be applied to a struct or union", s, t)
	}
	f := st.Field(x.Sel.Name)
	if f == nil {
		check.errorAt(x, diag.D_TYPE_MEMBER, "%s is not a member of %s", x.Sel.Name, st)
	}
	check.logUndo(func() { delete(check.info.Members, x) })
	check.info.Members[x] = f
	check.setType(x.Sel, f.Type)
	if tr := translatorOf(st); tr != nil {
		check.logUndo(func() { delete(check.info.Translated, x) })
		check.info.Translated[x] = &Translated{Translator: tr, Member: f.Name, Source: tr.Sources[f.Name],
			Expr: check.translation(x, tr, f)}
	}
	_, isArr := Resolve(f.Type).(*Array)
	ft := f.Type
	if x.Op == token.ARROW && IsUser(l.t) || x.Op == token.PERIOD && check.info.UserMem[unparen(x.X)] {
		check.setUser(x)
		ft = userPtr(ft)
	}
	res := check.newOp(operand{t: ft, bitfield: f.BitSize != 0, writable: l.writable, nm: "operator", id: s})
	if x.Op == token.ARROW && (!isArr || IsString(f.Type)) {
		res.lval = true
	}
	if x.Op == token.PERIOD && l.lval && (!isArr || IsString(f.Type)) {
		res.lval = true
	}
	return res
}

// xlate checks xlate <T> (E): T is a translated type (psinfo_t,
// lwpsinfo_t) or a pointer to one, and E a struct task_struct * (Linux
// DTrace's translators take the task). It returns T and its translator.
func (check *checker) xlate(x *ast.XlateExpr) (Type, *Translator) {
	t := check.typeName(x.Type)
	op := check.expr(x.X, opRef)
	rt := Resolve(t)
	if p, ok := rt.(*Pointer); ok {
		rt = Resolve(p.Elem)
	}
	var tr *Translator
	if st, ok := rt.(*Struct); ok {
		tr = translatorOf(st)
	}
	if tr == nil || !isTaskPtr(op.t) {
		check.errorAt(x, diag.D_XLATE_NONE, "cannot translate from \"%s\" to \"%s\"", op.typeName(), t)
	}
	check.setType(x, t)
	return t, tr
}

// isTaskPtr reports whether t is struct task_struct *.
func isTaskPtr(t Type) bool {
	p, ok := Resolve(t).(*Pointer)
	if !ok {
		return false
	}
	st, ok := Resolve(p.Elem).(*Struct)
	return ok && !st.Union && st.Name == "task_struct"
}

// xlateMember checks xlate <T> (E)->member and xlate <T> (E).member: the
// member of the translation of E, recorded in Translated with Expr
// computed from E as curpsinfo's members are from curthread.
func (check *checker) xlateMember(x *ast.SelectorExpr, xl *ast.XlateExpr) *operand {
	t, tr := check.xlate(xl)
	if x.X != xl {
		check.setType(x.X, t)
	}
	s := opString(x.Op)
	_, isPtr := Resolve(t).(*Pointer)
	if x.Op == token.ARROW && !isPtr {
		check.errorAt(x, diag.D_OP_PTR, "operator %s must be applied to a pointer", s)
	}
	if x.Op == token.PERIOD && isPtr {
		check.errorAt(x, diag.D_OP_SOU, "operator %s cannot be applied to type \"%s\"; must be applied to a struct or union", s, t)
	}
	f := tr.Struct.Field(x.Sel.Name)
	if f == nil {
		check.errorAt(x, diag.D_TYPE_MEMBER, "%s is not a member of %s", x.Sel.Name, tr.Struct)
	}
	check.logUndo(func() { delete(check.info.Members, x) })
	check.info.Members[x] = f
	check.setType(x.Sel, f.Type)
	in := unparen(xl.X)
	if id, ok := in.(*ast.Ident); ok && id.Name == "curthread" {
		in = nil // as curpsinfo
	}
	e := check.translationOf(x, tr, f, in)
	if e == nil && in != nil {
		check.errorAt(x, diag.D_XLATE_NOCONV, "translator does not define conversion for member: %s (godtrace translates it from curthread only)", f.Name)
	}
	check.logUndo(func() { delete(check.info.Translated, x) })
	check.info.Translated[x] = &Translated{Translator: tr, Member: f.Name, Source: tr.Sources[f.Name], Expr: e, Input: in}
	return check.newOp(operand{t: f.Type, nm: "operator", id: s})
}

func translatorOf(st *Struct) *Translator {
	for _, tr := range translators {
		if tr.Struct == st {
			return tr
		}
	}
	return nil
}

// index checks X[...]: associative arrays, aggregation keys, args[],
// uregs[], and pointer/array subscripts.
func (check *checker) index(x *ast.IndexExpr, how int) *operand {
	if in, ok := unparen(x.X).(*ast.IndexExpr); ok {
		if ag, ok := unparen(in.X).(*ast.Aggregation); ok {
			check.errorAt(x, diag.D_AGG_MDIM, "improper attempt to reference %s as a multi-dimensional array", aggName(ag.Name))
		}
	}
	switch b := x.X.(type) {
	case *ast.Aggregation:
		return check.aggRef(x, b)
	case *ast.ParenExpr:
		// (a)[i] is not an associative array reference.
	case *ast.Ident:
		if bv := LookupVar(b.Name); bv != nil && bv.Array && !b.Backquote {
			check.setBuiltin(b, bv)
			check.setType(b, Dynamic)
			if b.Name == "args" {
				return check.argsIndex(x)
			}
			return check.regsIndex(x, bv)
		}
		if f := LookupFunc(b.Name); f != nil {
			check.errorAt(b, diag.D_IDENT_BADREF, "%s '%s' may not be referenced as associative array", f.Kind, b.Name)
		}
		if LookupVar(b.Name) == nil && check.inlines[b.Name] == nil {
			v := check.globals[b.Name]
			if v == nil {
				v = check.newVar(Global, b.Name)
				check.updateVar(v, func(v *Var) { v.Assoc = true })
			}
			if v.Assoc {
				return check.assocRef(x, b, v, how)
			}
			if v.unref() {
				check.errorAt(b, diag.D_IDENT_BADREF, "scalar '%s' may not be referenced as associative array", b.Name)
			}
		}
	case *ast.ScopedVar:
		scope := ThreadLocal
		if b.Scope == token.THIS {
			scope = ClauseLocal
		}
		v := check.varTable(scope)[b.Name]
		if v == nil {
			v = check.newVar(scope, b.Name)
		}
		if !v.Assoc && v.unref() {
			if scope == ClauseLocal {
				check.errorAt(b, diag.D_ARR_LOCAL, "local variables may not be used as associative arrays: %s", b.Name)
			}
			check.updateVar(v, func(v *Var) { v.Assoc = true })
		}
		if v.Assoc {
			return check.assocRef(x, b, v, how)
		}
	}
	// E1[E2] is *(E1 + E2).
	l := check.expr(x.X, opRef)
	r := check.expr(x.Index[0], opRef)
	for _, k := range x.Index[1:] {
		check.expr(k, opRef)
	}
	lp := IsString(l.t) || IsPointer(l.t) && !IsVoidOrFuncPtr(l.t)
	rp := IsString(r.t) || IsPointer(r.t) && !IsVoidOrFuncPtr(r.t)
	var pt Type
	switch {
	case l.isInt() && r.isInt():
		pt = Promote(l.t, r.t)
	case lp && r.isInt():
		pt = l.t
	case l.isInt() && rp:
		pt = r.t
	default:
		check.errorAt(x, diag.D_OP_INCOMPAT, "operands have incompatible types: \"%s\" + \"%s\"", l.typeName(), r.typeName())
	}
	if len(x.Index) != 1 {
		check.errorAt(x, diag.D_ARR_BADREF, "cannot access %s as an associative array", l.name())
	}
	elem := ptrElem(pt)
	if elem == nil {
		check.errorAt(x, diag.D_DEREF_NONPTR, "cannot dereference non-pointer type")
	}
	switch Resolve(elem).(type) {
	case *VoidType:
		check.errorAt(x, diag.D_DEREF_VOID, "cannot dereference pointer to void")
	case *Func:
		check.errorAt(x, diag.D_DEREF_FUNC, "cannot dereference pointer to function")
	}
	_, isArr := Resolve(elem).(*Array)
	if IsUser(pt) || check.info.UserMem[unparen(x.X)] {
		check.setUser(x)
		elem = userPtr(elem)
	}
	return check.newOp(operand{t: elem, lval: !isArr || IsString(elem), writable: l.writable, nm: "operator", id: "*"})
}

// assocRef checks a reference to an element of an associative array.
func (check *checker) assocRef(x *ast.IndexExpr, b ast.Expr, v *Var, how int) *operand {
	check.setVar(b, v)
	check.setType(b, Dynamic)
	if how&opRef != 0 && v.unref() {
		check.errorAt(x, diag.D_VAR_UNDEF, "%s%s has not yet been declared or assigned", v.prefix(), v.Name)
	}
	keys := check.keys(x.Index)
	check.keySig(x, v.prefix()+v.Name, "", &v.Keys, &v.keysSet, keys, func(f func()) { check.updateVar(v, func(*Var) { f() }) })
	check.markUse(v, how)
	check.setVar(x, v)
	t := v.Type
	if t == nil {
		t = Dynamic
	}
	return check.newOp(operand{t: t, lval: true, writable: true, v: v, nm: "associative array", id: v.Name})
}

// keys checks a tuple of keys.
func (check *checker) keys(list []ast.Expr) []*operand {
	ops := make([]*operand, len(list))
	for i, k := range list {
		ops[i] = check.keyExpr(k)
	}
	return ops
}

// keyExpr checks one key; stack(), ustack(), func() and the other symbol
// actions may be aggregation keys.
func (check *checker) keyExpr(k ast.Expr) *operand {
	if c, ok := k.(*ast.CallExpr); ok {
		op := check.call(c, ctxKey)
		check.setType(c, op.t)
		return op
	}
	return check.expr(k, opRef)
}

// keySig fixes a key signature on first use and checks it afterwards
// (dt_idcook_assc, dt_idcook_sign).
func (check *checker) keySig(n ast.Node, name, prefix string, sig *[]Type, set *bool, keys []*operand, update func(func())) {
	kind := "associative array"
	if prefix == "@" {
		kind = "aggregation"
	}
	if !*set {
		ts := make([]Type, len(keys))
		for i, k := range keys {
			if k.isDyn() || IsVoid(k.t) {
				check.errorAt(n, diag.D_KEY_TYPE, "%s expression may not be used as %s index: key #%d", k.typeName(), kind, i+1)
			}
			ts[i] = k.t
		}
		update(func() { *sig, *set = ts, true })
		return
	}
	if len(keys) != len(*sig) {
		check.errorAt(n, diag.D_PROTO_LEN, "%s%s[ ] prototype mismatch: %d key%spassed, %d expected",
			prefix, name, len(keys), plural(len(keys)), len(*sig))
	}
	for i, k := range keys {
		if !argCompat((*sig)[i], k) {
			check.errorAt(n, diag.D_PROTO_ARG, "%s%s[ ] key #%d is incompatible with prototype:\n\tprototype: %s\n\t%9s: %s",
				prefix, name, i+1, (*sig)[i], "key", k.typeName())
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return " "
	}
	return "s "
}

// argsIndex checks args[N] against the probe's argument types.
func (check *checker) argsIndex(x *ast.IndexExpr) *operand {
	if len(x.Index) != 1 {
		check.errorAt(x, diag.D_PROTO_LEN, "args[ ] prototype mismatch: %d arg%spassed, 1 expected", len(x.Index), plural(len(x.Index)))
	}
	op := check.expr(x.Index[0], opRef)
	if !op.isIntConst() {
		check.errorAt(x, diag.D_PROTO_ARG, "args[ ] argument #1 is incompatible with prototype:\n\tprototype: %s\n\t argument: %s", "integer constant", op.typeName())
	}
	if check.clause == nil {
		check.errorAt(x, diag.D_ARGS_NONE, "args[ ] may not be referenced outside of a probe clause")
	}
	types, err := check.probeArgs()
	if err != nil {
		check.errorAt(x, diag.D_ARGS_MULTI, "args[ ] may not be referenced because probe description %s matches an unstable set of probes", descString(check.desc))
	}
	i := int64(op.c.Int)
	if i < 0 || i >= int64(len(types)) {
		check.errorAt(x, diag.D_ARGS_IDX, "index %d is out of range for %s args[ ]", i, descString(check.desc))
	}
	if check.argsUsed == nil {
		check.argsUsed = map[int64]ast.Node{}
	}
	if _, ok := check.argsUsed[i]; !ok {
		check.argsUsed[i] = x
	}
	return check.newOp(operand{t: types[i], nm: "associative array", id: "args"})
}

// probeArgs returns the argument types of the current clause's probe
// description, resolving them on first use.
func (check *checker) probeArgs() ([]Type, error) {
	if check.argTypes != nil || check.argsErr != nil {
		return check.argTypes, check.argsErr
	}
	if check.conf.ProbeArgs == nil || check.desc == nil {
		check.argsErr = fmt.Errorf("no probe argument information")
		return nil, check.argsErr
	}
	names, err := check.conf.ProbeArgs(check.desc)
	if err != nil {
		check.argsErr = err
		return nil, err
	}
	types := make([]Type, len(names))
	for i, n := range names {
		var k KernelTypes
		if needsKernel(n) {
			k = check.kernel()
		}
		t, err := ParseType(n, k)
		if err != nil {
			check.argsErr = fmt.Errorf("args[%d]: %w", i, err)
			return nil, check.argsErr
		}
		types[i] = t
	}
	check.argTypes = types
	check.info.ClauseArgs[check.clause] = types
	return types, nil
}

func needsKernel(typeName string) bool {
	t, err := ParseType(typeName, nil)
	return t == nil || err != nil
}

func descString(d *ast.ProbeDesc) string {
	if d == nil {
		return "<none>"
	}
	return d.Provider + ":" + d.Module + ":" + d.Function + ":" + d.Name
}

func (check *checker) regsIndex(x *ast.IndexExpr, bv *BuiltinVar) *operand {
	if len(x.Index) != 1 {
		check.errorAt(x, diag.D_PROTO_LEN, "%s[ ] prototype mismatch: %d arg%spassed, 1 expected", bv.Name, len(x.Index), plural(len(x.Index)))
	}
	op := check.expr(x.Index[0], opRef)
	if !op.isIntConst() {
		check.errorAt(x, diag.D_PROTO_ARG, "%s[ ] argument #1 is incompatible with prototype:\n\tprototype: %s\n\t argument: %s", bv.Name, "integer constant", op.typeName())
	}
	if IsSigned(op.t) && int64(op.c.Int) < 0 {
		check.errorAt(x, diag.D_REGS_IDX, "index %d is out of range for array %s", int64(op.c.Int), bv.Name)
	}
	return check.newOp(operand{t: Universe.UInt64, nm: "associative array", id: bv.Name})
}

// assign checks = and the compound assignments.
func (check *checker) assign(x *ast.AssignExpr) *operand {
	s := opString(x.Op)
	if isAggRef(x.LHS) {
		return check.aggAssign(x)
	}
	var l, r *operand
	if x.Op == token.ASSIGN {
		l = check.lhs(x.LHS, 0)
		r = check.expr(x.RHS, opRef)
		if l.v != nil && l.v.unref() && l.v.Type == nil {
			check.updateVar(l.v, func(v *Var) { v.Type = r.t })
			l.t = r.t
			check.setType(x.LHS, l.t)
		}
		if l.v != nil {
			check.markUse(l.v, opMod)
		}
		if !IsString(l.t) {
			switch Resolve(l.t).(type) {
			case *Array, *Func:
				check.errorAt(x, diag.D_OP_ARRFUN, "operator %s may not be applied to operand of type \"%s\"", s, l.typeName())
			}
		}
		if !argCompat(l.t, r) || l.isDyn() {
			check.errorAt(x, diag.D_OP_INCOMPAT, "operands have incompatible types: \"%s\" %s \"%s\"", l.typeName(), s, r.typeName())
		}
	} else {
		l = check.lhs(x.LHS, opRef|opMod)
		r = check.expr(x.RHS, opRef|opMod)
		switch x.Op {
		case token.OR_ASSIGN, token.XOR_ASSIGN, token.AND_ASSIGN, token.SHL_ASSIGN, token.SHR_ASSIGN, token.REM_ASSIGN:
			if !l.isInt() || !r.isInt() {
				check.errorAt(x, diag.D_OP_INT, "operator %s requires operands of integral type", s)
			}
		case token.MUL_ASSIGN, token.QUO_ASSIGN:
			if !IsArith(l.t) || !IsArith(r.t) {
				check.errorAt(x, diag.D_OP_ARITH, "operator %s requires operands of arithmetic type", s)
			}
		case token.ADD_ASSIGN, token.SUB_ASSIGN:
			if IsString(l.t) || IsString(r.t) {
				check.errorAt(x, diag.D_OP_INCOMPAT, "operands have incompatible types: \"%s\" %s \"%s\"", l.typeName(), s, r.typeName())
			}
			if !l.isInt() || !r.isInt() {
				if !IsPointer(l.t) || IsVoidOrFuncPtr(l.t) {
					check.errorAt(x, diag.D_OP_VFPTR, "operator %s requires left-hand scalar operand of known size", s)
				} else if !r.isInt() && !ptrCompat(l, r) {
					check.errorAt(x, diag.D_OP_INCOMPAT, "operands have incompatible types: \"%s\" %s \"%s\"", l.typeName(), s, r.typeName())
				}
			}
		}
	}
	if !l.lval {
		check.errorAt(x, diag.D_OP_LVAL, "operator %s requires modifiable lvalue as an operand", s)
	}
	if !l.writable {
		check.errorAt(x, diag.D_OP_WRITE, "operator %s can only be applied to a writable variable", s)
	}
	return check.newOp(operand{t: l.t, nm: "operator", id: s})
}

// lhs checks the left-hand side of an assignment: unknown globals are
// created.
func (check *checker) lhs(e ast.Expr, how int) *operand {
	switch x := e.(type) {
	case *ast.Ident:
		return check.expr(x, how|opCreate)
	case *ast.ParenExpr:
		op := *check.lhs(x.X, how)
		check.setType(x, op.t)
		return &op
	}
	return check.expr(e, how)
}

func isAggRef(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Aggregation:
		return true
	case *ast.IndexExpr:
		_, ok := x.X.(*ast.Aggregation)
		return ok
	}
	return false
}

// newOp allocates an operand from the checker's slab: checking allocates
// one operand per expression, and a slab keeps that off the heap's fast
// path.
func (check *checker) newOp(o operand) *operand {
	if len(check.opSlab) == cap(check.opSlab) {
		check.opSlab = make([]operand, 0, 256)
	}
	check.opSlab = append(check.opSlab, o)
	return &check.opSlab[len(check.opSlab)-1]
}

// enumTag implements D's comparison of an enum with one of its tags named
// on the right ("e == TAG"): the tag is the enum's constant even where it
// is not a global identifier.
func (check *checker) enumTag(x *ast.BinaryExpr, l *operand) *operand {
	e, ok := Resolve(l.t).(*Enum)
	id, isID := x.Y.(*ast.Ident)
	if !ok || !isID || id.Backquote {
		return nil
	}
	for _, v := range e.Values {
		if v.Name != id.Name {
			continue
		}
		if _, mine := check.enumers[id.Name]; !mine {
			if kind := check.identKindName(id.Name); kind != "" {
				check.errorAt(x, diag.D_IDENT_AMBIG, "ambiguous use of operator %s: %s is both a %s enum tag and a global %s",
					opString(x.Op), id.Name, l.typeName(), kind)
			}
		}
		c := Const{Int: uint64(v.Value)}
		check.setType(id, l.t)
		check.setConst(id, c)
		return check.newOp(operand{t: l.t, isConst: true, c: c, nm: "integer constant"})
	}
	return nil
}

// setUser marks e as read from user memory.
func (check *checker) setUser(e ast.Expr) {
	check.logUndo(func() { delete(check.info.UserMem, e) })
	check.info.UserMem[e] = true
}
