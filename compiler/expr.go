// This file implements expression code generation: values in temporaries, built-in
// variables, operators with D's (C's) signedness rules, conditions with short-circuit
// jumps, and string comparison.
package compiler

import (
	"encoding/binary"
	"fmt"

	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/token"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// value is the result of an expression: an integer in a temporary, a string (a pointer in
// a temporary to a NUL-terminated buffer of buf readable bytes), a string constant, or
// nothing (void).
type value struct {
	t   dtype
	tmp temp
	has bool
	buf int
	lit *string
}

func (f *fn) free(v value) {
	if v.has {
		f.g.freeTemp(v.tmp)
	}
}

func (f *fn) errf(n ast.Node, format string, args ...any) error {
	return &genError{n, fmt.Sprintf(format, args...)}
}

// newInt returns a fresh temporary of type t.
func (f *fn) newInt(n ast.Node, t dtype) (value, error) {
	tmp, err := f.g.newTemp()
	if err != nil {
		return value{}, f.errf(n, "expression too complex: %v", err)
	}
	return value{t: t, tmp: tmp, has: true}, nil
}

// fromR0 puts the value in R0 into a fresh temporary.
func (f *fn) fromR0(n ast.Node, t dtype) (value, error) {
	v, err := f.newInt(n, t)
	if err != nil {
		return v, err
	}
	f.g.set(v.tmp, asm.R0)
	return v, nil
}

// expr generates e.
func (f *fn) expr(e ast.Expr) (value, error) {
	defer f.g.at(e)()
	if c, ok := f.c.info.Consts[e]; ok {
		if c.IsString {
			s := c.Str
			return value{t: f.c.stringType(), lit: &s}, nil
		}
		if t, err := f.c.typeOf(e); err == nil && t.isInt() {
			return f.constInt(e, t, int64(c.Int))
		}
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		return f.expr(x.X)
	case *ast.IntLit:
		t, _ := f.c.typeOf(x)
		return f.constInt(x, t, int64(x.Value))
	case *ast.CharLit:
		return f.constInt(x, tInt, x.Value)
	case *ast.StringLit:
		s := x.Value
		return value{t: f.c.stringType(), lit: &s}, nil
	case *ast.Ident:
		return f.ident(x)
	case *ast.ScopedVar:
		v, err := f.varRef(x)
		if err != nil {
			return value{}, err
		}
		return f.load(x, v, nil)
	case *ast.IndexExpr:
		return f.index(x)
	case *ast.UnaryExpr:
		return f.unary(x)
	case *ast.PostfixExpr:
		return f.incdec(x, x.X, x.Op, true)
	case *ast.BinaryExpr:
		return f.binary(x)
	case *ast.AssignExpr:
		return f.assign(x)
	case *ast.CondExpr:
		return f.ternary(x)
	case *ast.CastExpr:
		t, err := f.c.typeOf(x)
		if err != nil {
			return value{}, f.errf(x, "%v", err)
		}
		v, err := f.expr(x.X)
		if err != nil {
			return v, err
		}
		if t.isString() != v.t.isString() {
			return value{}, f.errf(x, "invalid cast from %s to %s", v.t.name, t.name)
		}
		if t.isInt() {
			r := f.g.use(v.tmp, asm.R1)
			f.normalize(r, t)
			f.g.set(v.tmp, r)
		}
		v.t = t
		return v, nil
	case *ast.StringofExpr:
		return f.stringof(x, x.X)
	case *ast.SelectorExpr:
		if tr := f.c.info.Translated[x]; tr != nil && tr.Expr != nil {
			return f.expr(tr.Expr)
		}
		return f.member(x)
	case *ast.CallExpr:
		return f.call(x)
	}
	return value{}, f.errf(e, "expression not supported yet")
}

// constInt loads a constant into a fresh temporary.
func (f *fn) constInt(n ast.Node, t dtype, c int64) (value, error) {
	v, err := f.newInt(n, t)
	if err != nil {
		return v, err
	}
	r := f.g.target(v.tmp, asm.R0)
	f.g.loadImm(r, c)
	f.g.set(v.tmp, r)
	return v, nil
}

// intExpr generates an integer expression.
func (f *fn) intExpr(e ast.Expr) (value, error) {
	v, err := f.expr(e)
	if err != nil {
		return v, err
	}
	if !v.t.isInt() || !v.has {
		f.free(v)
		return value{}, f.errf(e, "operand of type %s where an integer is required", v.t.name)
	}
	return v, nil
}

// ident generates a built-in or global variable.
func (f *fn) ident(x *ast.Ident) (value, error) {
	g := f.g
	t, err := f.c.typeOf(x)
	if err != nil {
		return value{}, f.errf(x, "%v", err)
	}
	if s, ok := f.constString(x); ok {
		return value{t: t, lit: &s}, nil
	}
	switch x.Name {
	case "pid", "tid":
		f.pidTgid(asm.R0)
		if x.Name == "pid" {
			g.emit(asm.RSh.Imm(asm.R0, 32))
		} else {
			g.emit(asm.Mov.Reg32(asm.R0, asm.R0))
		}
		return f.fromR0(x, t)
	case "uid", "gid":
		g.call(asm.FnGetCurrentUidGid)
		if x.Name == "gid" {
			g.emit(asm.RSh.Imm(asm.R0, 32))
		} else {
			g.emit(asm.Mov.Reg32(asm.R0, asm.R0))
		}
		return f.fromR0(x, t)
	case "cpu":
		g.call(asm.FnGetSmpProcessorId)
		return f.fromR0(x, t)
	case "timestamp":
		g.call(asm.FnKtimeGetNs)
		return f.fromR0(x, t)
	case "walltimestamp":
		g.call(asm.FnKtimeGetNs)
		g.emit(asm.LoadMapValue(asm.R1, 0, 0).WithReference(MapState),
			asm.LoadMem(asm.R1, asm.R1, WallOffset, asm.DWord),
			asm.Add.Reg(asm.R0, asm.R1))
		return f.fromR0(x, t)
	case "curthread":
		g.call(asm.FnGetCurrentTask)
		return f.fromR0(x, t)
	case "epid":
		return f.constInt(x, t, int64(f.c.nepid))
	case "id":
		return f.constInt(x, t, int64(f.info.ID))
	case "ppid", "vtimestamp":
		k, err := f.c.kernel()
		if err != nil {
			return value{}, f.errf(x, "%s: %v", x.Name, err)
		}
		v, err := f.newInt(x, t)
		if err != nil {
			return v, err
		}
		if x.Name == "ppid" {
			g.emit(k.Ppid(asm.R0)...)
			g.set(v.tmp, asm.R0)
			return v, nil
		}
		f.c.usesVtime = true
		f.withReg(v.tmp, func(r asm.Register) { g.emit(k.Vtimestamp(r)...) })
		return v, nil
	case "errno":
		insns, err := f.probe.Errno(regCtx, asm.R0)
		if err != nil {
			return value{}, f.errf(x, "%v", err)
		}
		g.emit(insns...)
		return f.fromR0(x, t)
	case "execname":
		// comm (16 bytes, NUL-padded) into a stack buffer: no scratch lookup needed.
		off, err := g.alloc(16)
		if err != nil {
			return value{}, f.errf(x, "%v", err)
		}
		g.stackPtr(asm.R1, off)
		g.emit(asm.Mov.Imm(asm.R2, 16))
		g.call(asm.FnGetCurrentComm)
		v, err := f.newInt(x, t)
		if err != nil {
			return v, err
		}
		r := g.target(v.tmp, asm.R0)
		g.stackPtr(r, off)
		g.set(v.tmp, r)
		v.buf = 16
		return v, nil
	}
	if len(x.Name) == 4 && x.Name[:3] == "arg" && x.Name[3] >= '0' && x.Name[3] <= '9' {
		return f.arg(x, int(x.Name[3]-'0'), t)
	}
	v, err := f.varRef(x)
	if err != nil {
		return value{}, err
	}
	return f.load(x, v, nil)
}

// withReg runs emit with a callee-saved register standing for t, spilling R8 when t lives
// on the stack (emitters that keep values across helper calls need R6–R9).
func (f *fn) withReg(t temp, emit func(r asm.Register)) {
	if !t.onStack() {
		emit(t.reg)
		return
	}
	save, err := f.g.alloc(8)
	if err != nil {
		save = t.slot // cannot happen often; reuse t's own slot as the save area
	}
	f.g.emit(asm.StoreMem(asm.RFP, save, asm.R8, asm.DWord))
	emit(asm.R8)
	f.g.emit(asm.Mov.Reg(asm.R0, asm.R8), asm.LoadMem(asm.R8, asm.RFP, save, asm.DWord))
	f.g.set(t, asm.R0)
}

// kernel returns the kernel-structure emitter, creating it on first use.
func (c *compiler) kernel() (*kernel.Emitter, error) {
	if c.conf.Kernel != nil {
		return c.conf.Kernel, nil
	}
	if c.kern == nil {
		k, err := kernel.NewEmitter()
		if err != nil {
			return nil, err
		}
		c.kern = k
	}
	return c.kern, nil
}

// arg generates argN.
func (f *fn) arg(n ast.Node, i int, t dtype) (value, error) {
	insns, err := f.probe.LoadArg(regCtx, i, asm.R0)
	if err != nil {
		return value{}, f.errf(n, "%v", err)
	}
	f.g.emit(insns...)
	return f.fromR0(n, t)
}

// index generates args[N] and associative-array reads.
func (f *fn) index(x *ast.IndexExpr) (value, error) {
	id, ok := x.X.(*ast.Ident)
	if !ok {
		return value{}, f.errf(x, "subscript not supported yet")
	}
	if id.Name == "args" {
		n, _ := f.c.info.ConstInt(x.Index[0])
		t, _ := f.c.typeOf(x)
		return f.arg(x, int(n), t)
	}
	v, err := f.varRef(x)
	if err != nil {
		return value{}, err
	}
	return f.load(x, v, x.Index)
}

// normalize truncates and re-extends r to t's width.
func (f *fn) normalize(r asm.Register, t dtype) {
	if !t.isInt() || t.size >= 8 {
		return
	}
	if t.size == 4 && !t.signed {
		f.g.emit(asm.Mov.Reg32(r, r))
		return
	}
	sh := int32(64 - 8*t.size)
	f.g.emit(asm.LSh.Imm(r, sh))
	if t.signed {
		f.g.emit(asm.ArSh.Imm(r, sh))
	} else {
		f.g.emit(asm.RSh.Imm(r, sh))
	}
}

// unary generates prefix operators.
func (f *fn) unary(x *ast.UnaryExpr) (value, error) {
	switch x.Op {
	case token.INC, token.DEC:
		return f.incdec(x, x.X, x.Op, false)
	case token.NOT:
		v, err := f.condValue(x)
		return v, err
	case token.MUL:
		return f.deref(x)
	case token.ADD, token.SUB, token.TILDE:
		t, err := f.c.typeOf(x)
		if err != nil {
			return value{}, f.errf(x, "%v", err)
		}
		v, err := f.intExpr(x.X)
		if err != nil {
			return v, err
		}
		r := f.g.use(v.tmp, asm.R1)
		switch x.Op {
		case token.SUB:
			f.g.emit(asm.Neg.Imm(r, 0))
		case token.TILDE:
			f.g.emit(asm.Xor.Imm(r, -1))
		}
		f.g.set(v.tmp, r)
		v.t = t
		return v, nil
	}
	return value{}, f.errf(x, "operator %s is not supported yet", x.Op)
}

// binary generates binary operators.
func (f *fn) binary(x *ast.BinaryExpr) (value, error) {
	switch x.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ,
		token.LAND, token.LOR, token.LXOR:
		return f.condValue(x)
	case token.COMMA:
		l, err := f.expr(x.X)
		if err != nil {
			return l, err
		}
		f.free(l)
		return f.expr(x.Y)
	}
	t, err := f.c.typeOf(x)
	if err != nil {
		return value{}, f.errf(x, "%v", err)
	}
	l, err := f.intExpr(x.X)
	if err != nil {
		return l, err
	}
	r, err := f.intExpr(x.Y)
	if err != nil {
		f.free(l)
		return r, err
	}
	if err := f.arith(x, x.Op, l, r, t); err != nil {
		return value{}, err
	}
	f.free(r)
	l.t = t
	return l, nil
}

// arith computes l = l op r (l and r are integer temporaries) with t's signedness.
func (f *fn) arith(n ast.Node, op token.Token, l, r value, t dtype) error {
	ra := f.g.use(l.tmp, asm.R1)
	rb := f.g.use(r.tmp, asm.R2)
	var alu asm.ALUOp
	switch op {
	case token.ADD, token.ADD_ASSIGN, token.INC:
		alu = asm.Add
	case token.SUB, token.SUB_ASSIGN, token.DEC:
		alu = asm.Sub
	case token.MUL, token.MUL_ASSIGN:
		alu = asm.Mul
	case token.QUO, token.QUO_ASSIGN:
		alu = asm.Div
		if t.signed {
			alu = asm.SDiv
		}
	case token.REM, token.REM_ASSIGN:
		alu = asm.Mod
		if t.signed {
			alu = asm.SMod
		}
	case token.AND, token.AND_ASSIGN:
		alu = asm.And
	case token.OR, token.OR_ASSIGN:
		alu = asm.Or
	case token.XOR, token.XOR_ASSIGN:
		alu = asm.Xor
	case token.SHL, token.SHL_ASSIGN:
		alu = asm.LSh
	case token.SHR, token.SHR_ASSIGN:
		alu = asm.RSh
		if t.signed {
			alu = asm.ArSh
		}
	default:
		return f.errf(n, "operator %s is not supported yet", op)
	}
	f.g.emit(alu.Reg(ra, rb))
	f.g.set(l.tmp, ra)
	return nil
}

// condValue materialises a condition as 0 or 1.
func (f *fn) condValue(e ast.Expr) (value, error) {
	v, err := f.newInt(e, tInt)
	if err != nil {
		return v, err
	}
	no := f.g.newLabel("false")
	done := f.g.newLabel("cond_done")
	if err := f.cond(e, no); err != nil {
		f.free(v)
		return value{}, err
	}
	r := f.g.target(v.tmp, asm.R0)
	f.g.emit(asm.Mov.Imm(r, 1))
	f.g.set(v.tmp, r)
	f.g.emit(asm.Ja.Label(done))
	f.g.place(no)
	r = f.g.target(v.tmp, asm.R0)
	f.g.emit(asm.Mov.Imm(r, 0))
	f.g.set(v.tmp, r)
	f.g.place(done)
	return v, nil
}

// cond jumps to no when e is false (zero), falls through otherwise.
func (f *fn) cond(e ast.Expr, no string) error {
	g := f.g
	defer g.at(e)()
	switch x := unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			yes := g.newLabel("not")
			if err := f.cond(x.X, yes); err != nil {
				return err
			}
			g.emit(asm.Ja.Label(no))
			g.place(yes)
			return nil
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND:
			if err := f.cond(x.X, no); err != nil {
				return err
			}
			return f.cond(x.Y, no)
		case token.LOR:
			right, yes := g.newLabel("or"), g.newLabel("or_true")
			if err := f.cond(x.X, right); err != nil {
				return err
			}
			g.emit(asm.Ja.Label(yes))
			g.place(right)
			if err := f.cond(x.Y, no); err != nil {
				return err
			}
			g.place(yes)
			return nil
		case token.LXOR:
			l, err := f.condValue(x.X)
			if err != nil {
				return err
			}
			r, err := f.condValue(x.Y)
			if err != nil {
				f.free(l)
				return err
			}
			ra := g.use(l.tmp, asm.R1)
			rb := g.use(r.tmp, asm.R2)
			g.emit(asm.JEq.Reg(ra, rb, no))
			f.free(l)
			f.free(r)
			return nil
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return f.compare(x, no)
		}
	}
	v, err := f.expr(e)
	if err != nil {
		return err
	}
	if v.lit != nil {
		return nil // a string constant is a non-null pointer: true
	}
	r := g.use(v.tmp, asm.R1)
	g.emit(asm.JEq.Imm(r, 0, no))
	f.free(v)
	return nil
}

// inverse jump for "jump when the comparison is false".
func falseJump(op token.Token, signed bool) asm.JumpOp {
	switch op {
	case token.EQL:
		return asm.JNE
	case token.NEQ:
		return asm.JEq
	case token.LSS:
		if signed {
			return asm.JSGE
		}
		return asm.JGE
	case token.LEQ:
		if signed {
			return asm.JSGT
		}
		return asm.JGT
	case token.GTR:
		if signed {
			return asm.JSLE
		}
		return asm.JLE
	case token.GEQ:
		if signed {
			return asm.JSLT
		}
		return asm.JLT
	}
	return asm.Ja
}

// compare generates a relational operator as a jump to no when false.
func (f *fn) compare(x *ast.BinaryExpr, no string) error {
	lt, err := f.c.typeOf(x.X)
	if err != nil {
		return f.errf(x.X, "%v", err)
	}
	if lt.isString() {
		return f.strCompare(x, no)
	}
	l, err := f.intExpr(x.X)
	if err != nil {
		return err
	}
	r, err := f.intExpr(x.Y)
	if err != nil {
		f.free(l)
		return err
	}
	t := promote(l.t, r.t)
	ra := f.g.use(l.tmp, asm.R1)
	rb := f.g.use(r.tmp, asm.R2)
	f.g.emit(falseJump(x.Op, t.signed).Reg(ra, rb, no))
	f.free(l)
	f.free(r)
	return nil
}

// strCompare compares two strings.
func (f *fn) strCompare(x *ast.BinaryExpr, no string) error {
	g := f.g
	l, err := f.expr(x.X)
	if err != nil {
		return err
	}
	r, err := f.expr(x.Y)
	if err != nil {
		f.free(l)
		return err
	}
	defer f.free(l)
	defer f.free(r)
	if l.lit != nil && r.lit != nil {
		res := 0
		switch {
		case *l.lit < *r.lit:
			res = -1
		case *l.lit > *r.lit:
			res = 1
		}
		g.emit(asm.Mov.Imm(asm.R0, int32(res)))
		g.emit(falseJump(x.Op, true).Imm(asm.R0, 0, no))
		return nil
	}
	if (x.Op == token.EQL || x.Op == token.NEQ) && (l.lit != nil || r.lit != nil) {
		p, lit := l, ""
		if l.lit != nil {
			p, lit = r, *l.lit
		} else {
			lit = *r.lit
		}
		return f.strEqualsConst(p, lit, x.Op == token.EQL, no)
	}
	pa, err := f.strPtr(x.X, l)
	if err != nil {
		return err
	}
	pb, err := f.strPtr(x.Y, r)
	if err != nil {
		return err
	}
	n := min(pa.buf, pb.buf)
	// R0 = sign of the first differing byte, 0 when equal.
	loop, diff, eq, done := g.newLabel("strcmp"), g.newLabel("strcmp_diff"), g.newLabel("strcmp_eq"), g.newLabel("strcmp_done")
	g.emit(asm.Mov.Reg(asm.R1, g.use(pa.tmp, asm.R1)))
	rb := g.use(pb.tmp, asm.R2)
	if rb != asm.R2 {
		g.emit(asm.Mov.Reg(asm.R2, rb))
	}
	g.emit(asm.Mov.Imm(asm.R3, int32(n)))
	g.place(loop)
	g.emit(
		asm.LoadMem(asm.R4, asm.R1, 0, asm.Byte),
		asm.LoadMem(asm.R5, asm.R2, 0, asm.Byte),
		asm.JNE.Reg(asm.R4, asm.R5, diff),
		asm.JEq.Imm(asm.R4, 0, eq),
		asm.Add.Imm(asm.R1, 1),
		asm.Add.Imm(asm.R2, 1),
		asm.Sub.Imm(asm.R3, 1),
		asm.JNE.Imm(asm.R3, 0, loop),
	)
	g.place(eq)
	g.emit(asm.Mov.Imm(asm.R0, 0), asm.Ja.Label(done))
	g.place(diff)
	g.emit(asm.Mov.Imm(asm.R0, 1), asm.JGT.Reg(asm.R4, asm.R5, done), asm.Mov.Imm(asm.R0, -1))
	g.place(done)
	g.emit(falseJump(x.Op, true).Imm(asm.R0, 0, no))
	if pa.has && pa.tmp != l.tmp {
		f.free(pa)
	}
	if pb.has && pb.tmp != r.tmp {
		f.free(pb)
	}
	return nil
}

// strEqualsConst jumps to no unless (p == lit) == eq, comparing lit's bytes and its NUL
// eight, four, two and one bytes at a time.
func (f *fn) strEqualsConst(p value, lit string, eq bool, no string) error {
	g := f.g
	b := append([]byte(lit), 0)
	if len(b) > p.buf {
		// The buffer cannot hold lit: never equal.
		if eq {
			g.emit(asm.Ja.Label(no))
		}
		return nil
	}
	ne := no
	yes := ""
	if !eq {
		yes = g.newLabel("streq")
		ne = yes
	}
	g.emit(asm.Mov.Reg(asm.R1, g.use(p.tmp, asm.R1)))
	for off := 0; off < len(b); {
		var size int
		switch rest := len(b) - off; {
		case rest >= 8:
			size = 8
		case rest >= 4:
			size = 4
		case rest >= 2:
			size = 2
		default:
			size = 1
		}
		var word uint64
		switch size {
		case 8:
			word = binary.LittleEndian.Uint64(b[off:])
		case 4:
			word = uint64(binary.LittleEndian.Uint32(b[off:]))
		case 2:
			word = uint64(binary.LittleEndian.Uint16(b[off:]))
		default:
			word = uint64(b[off])
		}
		g.emit(asm.LoadMem(asm.R2, asm.R1, int16(off), sizeOf(size)))
		g.loadImm(asm.R3, int64(word))
		g.emit(asm.JNE.Reg(asm.R2, asm.R3, ne))
		off += size
	}
	if !eq {
		g.emit(asm.Ja.Label(no))
		g.place(yes)
	}
	return nil
}

// strPtr returns a string value as a pointer temporary, materialising constants in scratch.
func (f *fn) strPtr(n ast.Node, v value) (value, error) {
	if v.lit == nil {
		return v, nil
	}
	s := *v.lit
	b := append([]byte(s), 0)
	if len(b) > f.c.strsize {
		b = append(b[:f.c.strsize-1], 0)
	}
	off := f.scratch(len(b))
	p, err := f.newInt(n, v.t)
	if err != nil {
		return p, err
	}
	f.scratchPtr(asm.R1, off)
	f.storeBytes(asm.R1, 0, b)
	r := f.g.target(p.tmp, asm.R1)
	if r != asm.R1 {
		f.g.emit(asm.Mov.Reg(r, asm.R1))
	}
	f.g.set(p.tmp, r)
	p.buf = len(b)
	return p, nil
}

// storeBytes stores b at dst+off with immediate stores (4 bytes at a time).
func (f *fn) storeBytes(dst asm.Register, off int16, b []byte) {
	for i := 0; i < len(b); {
		switch rest := len(b) - i; {
		case rest >= 4:
			f.g.emit(asm.StoreImm(dst, off+int16(i), int64(int32(binary.LittleEndian.Uint32(b[i:]))), asm.Word))
			i += 4
		case rest >= 2:
			f.g.emit(asm.StoreImm(dst, off+int16(i), int64(binary.LittleEndian.Uint16(b[i:])), asm.Half))
			i += 2
		default:
			f.g.emit(asm.StoreImm(dst, off+int16(i), int64(b[i]), asm.Byte))
			i++
		}
	}
}

// ternary generates c ? a : b.
func (f *fn) ternary(x *ast.CondExpr) (value, error) {
	if c, ok := f.c.info.ConstInt(x.Cond); ok {
		// As DTrace (dt_node_op3), a constant condition leaves the taken branch only: the
		// checker checked that one alone.
		if c != 0 {
			return f.expr(x.Then)
		}
		return f.expr(x.Else)
	}
	t, err := f.c.typeOf(x)
	if err != nil {
		return value{}, f.errf(x, "%v", err)
	}
	res, err := f.newInt(x, t)
	if err != nil {
		return res, err
	}
	els, done := f.g.newLabel("else"), f.g.newLabel("ternary_done")
	if err := f.cond(x.Cond, els); err != nil {
		return value{}, err
	}
	// A string result is copied into one strsize buffer, so that either branch's string
	// is read to its end whichever was taken.
	soff := 0
	if t.isString() {
		soff = f.scratch(f.c.strsize)
	}
	for i, e := range []ast.Expr{x.Then, x.Else} {
		if i == 1 {
			f.g.emit(asm.Ja.Label(done))
			f.g.place(els)
		}
		v, err := f.expr(e)
		if err != nil {
			return value{}, err
		}
		if t.isString() {
			if err := f.copyStr(e, v, func(r asm.Register) { f.scratchPtr(r, soff) }); err != nil {
				return value{}, err
			}
			f.free(v)
			continue
		}
		f.g.set(res.tmp, f.g.use(v.tmp, asm.R1))
		f.free(v)
	}
	f.g.place(done)
	if t.isString() {
		r := f.g.target(res.tmp, asm.R1)
		f.scratchPtr(r, soff)
		f.g.set(res.tmp, r)
		res.buf = f.c.strsize
	}
	return res, nil
}

// call generates actions and subroutines.
func (f *fn) call(x *ast.CallExpr) (value, error) {
	if a, ok := f.actions[x]; ok {
		return value{t: tVoid}, f.action(x, a)
	}
	return f.subroutine(x, f.c.info.Calls[x].Name)
}
