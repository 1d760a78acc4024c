// This file implements kernel memory access: struct members through pointers
// (curthread->real_parent->tgid, args[0]->f_flags), and the string subroutines that read
// memory (copyinstr, stringof, strlen). Kernel memory is read with
// bpf_probe_read_kernel, user memory with bpf_probe_read_user: a bad address reads as 0
// (DTrace would raise a fault in the ERROR probe; see docs/linux-differences.md).
package compiler

import (
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/token"
	"github.com/godtrace/godtrace/dlang/types"
)

// memberAddr leaves in a temporary the address of the member x names.
func (f *fn) memberAddr(x *ast.SelectorExpr) (value, error) {
	fld := f.c.info.Members[x]
	if fld.BitSize != 0 {
		return value{}, f.errf(x, "bit-field %s is not supported yet", x.Sel.Name)
	}
	var base value
	var err error
	switch {
	case x.Op == token.ARROW:
		base, err = f.intExpr(x.X)
	default:
		inner, ok := unparen(x.X).(*ast.SelectorExpr)
		if !ok {
			return value{}, f.errf(x, "operator . is supported on members reached through pointers only")
		}
		base, err = f.memberAddr(inner)
	}
	if err != nil {
		return value{}, err
	}
	if off := fld.ByteOffset(); off != 0 {
		r := f.g.use(base.tmp, asm.R1)
		if off < 1<<31 {
			f.g.emit(asm.Add.Imm(r, int32(off)))
		} else {
			f.g.loadImm(asm.R2, int64(off))
			f.g.emit(asm.Add.Reg(r, asm.R2))
		}
		f.g.set(base.tmp, r)
	}
	return base, nil
}

// member reads the member x names.
func (f *fn) member(x *ast.SelectorExpr) (value, error) {
	fld := f.c.info.Members[x]
	addr, err := f.memberAddr(x)
	if err != nil {
		return value{}, err
	}
	user := f.c.info.UserMem[x]
	if arr, ok := types.Resolve(fld.Type).(*types.Array); ok && types.IsCharArray(arr) {
		helper := asm.FnProbeReadKernelStr
		if user {
			helper = asm.FnProbeReadUserStr
		}
		return f.readStr(x, addr, int(arr.Len), helper)
	}
	t, err := fromTypes(fld.Type, f.c.strsize)
	if err != nil || !t.isInt() {
		f.free(addr)
		return value{}, f.errf(x, "member %s of type %s is not supported yet", x.Sel.Name, fld.Type)
	}
	return f.loadThrough(addr, t, user), nil
}

// readStr reads a NUL-terminated string of at most n bytes at the address in addr into a
// scratch buffer with helper (bpf_probe_read_kernel_str or bpf_probe_read_user_str);
// the temporary then holds the buffer's address.
func (f *fn) readStr(n ast.Node, addr value, size int, helper asm.BuiltinFunc) (value, error) {
	g := f.g
	if size <= 0 || size > f.c.strsize {
		size = f.c.strsize
	}
	off := f.scratch(size)
	src := g.use(addr.tmp, asm.R3)
	if src != asm.R3 {
		g.emit(asm.Mov.Reg(asm.R3, src))
	}
	f.saveFaultAddr(asm.R3)
	f.scratchPtr(asm.R1, off)
	g.emit(asm.Mov.Imm(asm.R2, int32(size)))
	g.call(helper)
	f.faultIfNeg()
	r := g.target(addr.tmp, asm.R0)
	f.scratchPtr(r, off)
	g.set(addr.tmp, r)
	addr.t = f.c.stringType()
	addr.buf = size
	return addr, nil
}

// subroutine generates the string subroutines.
func (f *fn) subroutine(x *ast.CallExpr, name string) (value, error) {
	switch name {
	case "copyinstr":
		size := f.c.strsize
		if len(x.Args) == 2 {
			c, ok := f.c.info.ConstInt(x.Args[1])
			if !ok {
				return value{}, f.errf(x.Args[1], "copyinstr( ) size must be a constant")
			}
			size = int(c) + 1 // DTrace's size counts the characters; the NUL is added
		}
		addr, err := f.intExpr(x.Args[0])
		if err != nil {
			return addr, err
		}
		return f.readStr(x, addr, size, asm.FnProbeReadUserStr)
	case "stringof":
		return f.stringof(x, x.Args[0])
	case "strlen":
		return f.strlen(x)
	case "sym", "func", "mod", "usym", "ufunc", "umod", "uaddr":
		// The value is the address; records and keys add the pid for the user ones.
		v, err := f.intExpr(x.Args[0])
		if err != nil {
			return v, err
		}
		v.t, _ = f.c.typeOf(x)
		f.c.usesSymbols = true
		return v, nil
	case "strjoin":
		return f.strjoin(x)
	case "substr":
		return f.substr(x)
	case "rand":
		f.g.call(asm.FnGetPrandomU32)
		return f.fromR0(x, tInt)
	case "ntohs", "htons", "ntohl", "htonl", "ntohll", "htonll":
		v, err := f.intExpr(x.Args[0])
		if err != nil {
			return v, err
		}
		size, t := asm.DWord, dtype{kind: kInt, size: 8, name: "uint64_t"}
		switch name[len(name)-1] {
		case 's':
			size, t = asm.Half, dtype{kind: kInt, size: 2, name: "uint16_t"}
		case 'l':
			if name[len(name)-2] != 'l' {
				size, t = asm.Word, dtype{kind: kInt, size: 4, name: "uint32_t"}
			}
		}
		r := f.g.use(v.tmp, asm.R1)
		// Network order is big-endian: on this little-endian machine, a byte swap that
		// also zero-extends the result.
		f.g.emit(asm.HostTo(asm.BE, r, size))
		f.g.set(v.tmp, r)
		v.t = t
		return v, nil
	}
	return value{}, f.errf(x, "%s( ) is not supported yet", name)
}

// stringof converts a string or a kernel char pointer to a string.
func (f *fn) stringof(n ast.Node, e ast.Expr) (value, error) {
	v, err := f.expr(e)
	if err != nil || v.t.isString() {
		return v, err
	}
	if v.t.kind != kPtr {
		f.free(v)
		return value{}, f.errf(e, "stringof( ) of %s is not supported yet", v.t.name)
	}
	if t := f.c.info.Types[e]; t != nil && types.IsUser(t) {
		return f.readStr(n, v, f.c.strsize, asm.FnProbeReadUserStr)
	}
	return f.readStr(n, v, f.c.strsize, asm.FnProbeReadKernelStr)
}

// strlen counts the bytes before the NUL, bounded by the buffer.
func (f *fn) strlen(x *ast.CallExpr) (value, error) {
	v, err := f.expr(x.Args[0])
	if err != nil {
		return v, err
	}
	if v.lit != nil {
		return f.constInt(x, dtype{kind: kInt, size: 8, name: "size_t"}, int64(len(*v.lit)))
	}
	g := f.g
	p := g.use(v.tmp, asm.R1)
	if p != asm.R1 {
		g.emit(asm.Mov.Reg(asm.R1, p))
	}
	loop, done := g.newLabel("strlen"), g.newLabel("strlen_done")
	g.emit(asm.Mov.Imm(asm.R0, 0))
	g.place(loop)
	g.emit(
		asm.LoadMem(asm.R2, asm.R1, 0, asm.Byte),
		asm.JEq.Imm(asm.R2, 0, done),
		asm.Add.Imm(asm.R1, 1),
		asm.Add.Imm(asm.R0, 1),
		asm.JLT.Imm(asm.R0, int32(v.buf), loop),
	)
	g.place(done)
	r := g.target(v.tmp, asm.R0)
	if r != asm.R0 {
		g.emit(asm.Mov.Reg(r, asm.R0))
	}
	g.set(v.tmp, r)
	v.t = dtype{kind: kInt, size: 8, name: "size_t"}
	v.buf = 0
	return v, nil
}

// Default numbers of frames of stack() and ustack() (DTrace's stackframes and
// ustackframes options default to 20 and 100).
const (
	defaultStackFrames  = 20
	defaultUStackFrames = 100
	maxStackFrames      = 127 // bpf_get_stack's limit (sysctl kernel.perf_event_max_stack)
)

// stackCall recognises stack([n]) and ustack([n[, strsize]]).
func (c *compiler) stackCall(e ast.Expr) (user bool, frames int, ok bool) {
	call, _ := unparen(e).(*ast.CallExpr)
	b := c.info.Calls[call]
	if b == nil || (b.Name != "stack" && b.Name != "ustack") {
		return false, 0, false
	}
	user = b.Name == "ustack"
	frames = defaultStackFrames
	if user {
		frames = defaultUStackFrames
	}
	if len(call.Args) > 0 {
		if n, ok := c.info.ConstInt(call.Args[0]); ok && n > 0 {
			frames = int(min(n, maxStackFrames))
		}
	}
	return user, min(frames, maxStackFrames), true
}

// getStack writes stack() or ustack() at the address dst sets in a register: the region
// is zeroed (so that short stacks compare equal as keys), ustack's pid stored first, then
// bpf_get_stack fills the frames.
func (f *fn) getStack(user bool, frames int, dst func(asm.Register)) {
	g := f.g
	size := 8 * frames
	if user {
		size += 8
	}
	dst(asm.R1)
	g.emit(asm.Mov.Imm(asm.R0, 0))
	for z := 0; z < size; z += 8 {
		g.emit(asm.StoreMem(asm.R1, int16(z), asm.R0, asm.DWord))
	}
	var flags int32
	if user {
		g.call(asm.FnGetCurrentPidTgid)
		g.emit(asm.RSh.Imm(asm.R0, 32))
		dst(asm.R1)
		g.emit(asm.StoreMem(asm.R1, 0, asm.R0, asm.DWord))
		flags = 1 << 8 // BPF_F_USER_STACK
	}
	dst(asm.R2)
	if user {
		g.emit(asm.Add.Imm(asm.R2, 8))
	}
	g.emit(asm.Mov.Reg(asm.R1, regCtx), asm.Mov.Imm(asm.R3, int32(8*frames)), asm.Mov.Imm(asm.R4, flags))
	g.call(asm.FnGetStack)
}

// deref reads *p for a pointer to an integer, a pointer or a char array (a string).
func (f *fn) deref(x *ast.UnaryExpr) (value, error) {
	t := f.c.info.Types[x]
	user := false
	if pt := f.c.info.Types[x.X]; pt != nil && types.IsUser(pt) {
		user = true
	}
	addr, err := f.intExpr(x.X)
	if err != nil {
		return addr, err
	}
	if arr, ok := types.Resolve(t).(*types.Array); ok && types.IsCharArray(arr) {
		helper := asm.FnProbeReadKernelStr
		if user {
			helper = asm.FnProbeReadUserStr
		}
		return f.readStr(x, addr, int(arr.Len), helper)
	}
	dt, err := fromTypes(t, f.c.strsize)
	if err != nil || !dt.isInt() {
		f.free(addr)
		return value{}, f.errf(x, "operator * on %s is not supported yet", t)
	}
	return f.loadThrough(addr, dt, user), nil
}

// loadThrough reads an integer of type t from the address in addr's temporary (user or
// kernel memory; a failed read faults as DTrace does) and leaves it, sign-extended, there.
func (f *fn) loadThrough(addr value, t dtype, user bool) value {
	g := f.g
	g.emit(asm.StoreImm(asm.RFP, f.valSlot, 0, asm.Word), asm.StoreImm(asm.RFP, f.valSlot+4, 0, asm.Word))
	g.stackPtr(asm.R1, f.valSlot)
	g.emit(asm.Mov.Imm(asm.R2, int32(t.size)))
	src := g.use(addr.tmp, asm.R3)
	if src != asm.R3 {
		g.emit(asm.Mov.Reg(asm.R3, src))
	}
	f.saveFaultAddr(asm.R3)
	if user {
		g.call(asm.FnProbeReadUser)
	} else {
		g.call(asm.FnProbeReadKernel)
	}
	f.faultIfNeg()
	r := g.target(addr.tmp, asm.R0)
	g.emit(asm.LoadMem(r, asm.RFP, f.valSlot, sizeOf(t.size)))
	if t.signed && t.size < 8 {
		f.normalize(r, t)
	}
	g.set(addr.tmp, r)
	addr.t = t
	return addr
}

// strArg evaluates a string argument into a pointer temporary (literals materialised).
func (f *fn) strArg(e ast.Expr) (value, error) {
	v, err := f.expr(e)
	if err != nil {
		return v, err
	}
	if !v.t.isString() {
		f.free(v)
		return value{}, f.errf(e, "argument of type %s where a string is required", v.t.name)
	}
	return f.strPtr(e, v)
}

// strjoin(a, b): a's bytes, then b's, in a fresh strsize buffer (truncated as DTrace
// truncates to strsize).
func (f *fn) strjoin(x *ast.CallExpr) (value, error) {
	g := f.g
	size := f.c.strsize
	// Twice strsize: the verifier bounds the second copy's start and its length
	// separately, so the buffer must hold strsize bytes after any start.
	off := f.scratch(2 * size)
	a, err := f.expr(x.Args[0])
	if err != nil {
		return a, err
	}
	if err := f.copyStr(x.Args[0], a, func(r asm.Register) { f.scratchPtr(r, off) }); err != nil {
		return value{}, err
	}
	f.free(a)
	// R0 = bytes copied with the NUL (literals: known), clamped to [1, size].
	if a.lit != nil {
		g.emit(asm.Mov.Imm(asm.R0, int32(min(len(*a.lit)+1, size))))
	}
	ok, clamp := g.newLabel("join_len"), g.newLabel("join_clamp")
	g.emit(asm.JSLT.Imm(asm.R0, 1, clamp), asm.JSGT.Imm(asm.R0, int32(size), clamp), asm.Ja.Label(ok))
	g.place(clamp)
	g.emit(asm.Mov.Imm(asm.R0, 1))
	g.place(ok)
	g.emit(asm.Sub.Imm(asm.R0, 1)) // a's length: b starts over a's NUL
	g.emit(asm.StoreMem(asm.RFP, f.valSlot, asm.R0, asm.DWord))
	b, err := f.strArg(x.Args[1])
	if err != nil {
		return b, err
	}
	src := g.use(b.tmp, asm.R3)
	if src != asm.R3 {
		g.emit(asm.Mov.Reg(asm.R3, src))
	}
	g.emit(asm.LoadMem(asm.R0, asm.RFP, f.valSlot, asm.DWord))
	// Re-establish the bound for the verifier after the spill.
	g.emit(asm.JGT.Imm(asm.R0, int32(size-1), clamp+"_none"))
	f.scratchPtr(asm.R1, off)
	g.emit(asm.Add.Reg(asm.R1, asm.R0),
		asm.Mov.Imm(asm.R2, int32(size)), asm.Sub.Reg(asm.R2, asm.R0))
	g.call(asm.FnProbeReadKernelStr)
	g.place(clamp + "_none")
	f.free(b)
	res, err := f.newInt(x, f.c.stringType())
	if err != nil {
		return res, err
	}
	r := g.target(res.tmp, asm.R1)
	f.scratchPtr(r, off)
	g.set(res.tmp, r)
	res.buf = size
	return res, nil
}

// substr(s, i[, n]): the characters of s from index i (counted from the end when
// negative), n of them when given (DTrace's semantics for n >= 0).
func (f *fn) substr(x *ast.CallExpr) (value, error) {
	g := f.g
	size := f.c.strsize
	s, err := f.strArg(x.Args[0])
	if err != nil {
		return s, err
	}
	// The source's length, for negative indexes and bounds.
	lenSlot, err := g.alloc(8)
	if err != nil {
		return value{}, f.errf(x, "%v", err)
	}
	p := g.use(s.tmp, asm.R1)
	if p != asm.R1 {
		g.emit(asm.Mov.Reg(asm.R1, p))
	}
	loop, done := g.newLabel("sublen"), g.newLabel("sublen_done")
	g.emit(asm.Mov.Imm(asm.R0, 0))
	g.place(loop)
	g.emit(asm.LoadMem(asm.R2, asm.R1, 0, asm.Byte), asm.JEq.Imm(asm.R2, 0, done),
		asm.Add.Imm(asm.R1, 1), asm.Add.Imm(asm.R0, 1), asm.JLT.Imm(asm.R0, int32(s.buf), loop))
	g.place(done)
	g.emit(asm.StoreMem(asm.RFP, lenSlot, asm.R0, asm.DWord))
	idx, err := f.intExpr(x.Args[1])
	if err != nil {
		return idx, err
	}
	// R4 = start index, clamped to [0, len].
	ri := g.use(idx.tmp, asm.R4)
	if ri != asm.R4 {
		g.emit(asm.Mov.Reg(asm.R4, ri))
	}
	f.free(idx)
	g.emit(asm.LoadMem(asm.R5, asm.RFP, lenSlot, asm.DWord))
	nonneg, lo, hi := g.newLabel("sub_nonneg"), g.newLabel("sub_lo"), g.newLabel("sub_hi")
	g.emit(asm.JSGE.Imm(asm.R4, 0, nonneg), asm.Add.Reg(asm.R4, asm.R5))
	g.place(nonneg)
	g.emit(asm.JSGE.Imm(asm.R4, 0, lo), asm.Mov.Imm(asm.R4, 0))
	g.place(lo)
	g.emit(asm.JSLE.Reg(asm.R4, asm.R5, hi), asm.Mov.Reg(asm.R4, asm.R5))
	g.place(hi)
	g.emit(asm.StoreMem(asm.RFP, lenSlot, asm.R4, asm.DWord)) // now the start
	// Bytes to copy with the NUL: n+1 (or size), bounded by size.
	count := int64(size)
	var nval value
	hasN := len(x.Args) == 3
	if hasN {
		if nval, err = f.intExpr(x.Args[2]); err != nil {
			return nval, err
		}
	}
	off := f.scratch(size)
	f.scratchPtr(asm.R1, off)
	g.emit(asm.StoreImm(asm.R1, 0, 0, asm.Byte))
	if hasN {
		rn := g.use(nval.tmp, asm.R2)
		if rn != asm.R2 {
			g.emit(asm.Mov.Reg(asm.R2, rn))
		}
		f.free(nval)
		g.emit(asm.Add.Imm(asm.R2, 1))
	} else {
		g.loadImm(asm.R2, count)
	}
	skip, sizeOK := g.newLabel("sub_empty"), g.newLabel("sub_size")
	g.emit(asm.JSLT.Imm(asm.R2, 2, skip), asm.JSLE.Imm(asm.R2, int32(size), sizeOK), asm.Mov.Imm(asm.R2, int32(size)))
	g.place(sizeOK)
	g.emit(asm.LoadMem(asm.R4, asm.RFP, lenSlot, asm.DWord), asm.JGT.Imm(asm.R4, int32(s.buf-1), skip))
	src := g.use(s.tmp, asm.R3)
	if src != asm.R3 {
		g.emit(asm.Mov.Reg(asm.R3, src))
	}
	g.emit(asm.Add.Reg(asm.R3, asm.R4))
	f.scratchPtr(asm.R1, off)
	g.call(asm.FnProbeReadKernelStr)
	g.place(skip)
	f.free(s)
	res, err := f.newInt(x, f.c.stringType())
	if err != nil {
		return res, err
	}
	r := g.target(res.tmp, asm.R1)
	f.scratchPtr(r, off)
	g.set(res.tmp, r)
	res.buf = size
	return res, nil
}
