// This file implements variable loads and stores for every scope, assignment operators,
// and ++/--. Thread-local and associative-array entries follow DTrace's dynamic-variable
// rules: reading a missing entry gives 0 (or ""), storing 0 to an integer deletes it.
package compiler

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/token"
)

// dynKey leaves in R2 a pointer to the map key of a thread-local or associative-array
// entry. Keys of associative arrays are built in scratch from keys.
func (f *fn) dynKey(n ast.Node, v *variable, keys []ast.Expr) error {
	g := f.g
	if v.scope == scopeThread {
		f.usesTid = true
		g.stackPtr(asm.R2, f.tidSlot)
		return nil
	}
	k, err := f.packKey(n, v.name, v.keys, v.ksize, keys)
	if err != nil {
		return err
	}
	f.keyPtr(asm.R2, k)
	return nil
}

// keyLoc is where a packed key was built: on the stack (integer keys) or in scratch.
type keyLoc struct {
	stack bool
	off   int
}

// keyPtr sets dst to the address of a packed key.
func (f *fn) keyPtr(dst asm.Register, k keyLoc) {
	if k.stack {
		f.g.stackPtr(dst, int16(k.off))
		return
	}
	f.scratchPtr(dst, k.off)
}

// packKey builds a tuple key and says where: 8 bytes per integer key, strsize bytes
// (NUL-padded) per string key. Keys of integers only are built on the stack, which saves
// the scratch lookup; keys with strings in a fresh scratch region.
func (f *fn) packKey(n ast.Node, name string, types []dtype, ksize int, keys []ast.Expr) (keyLoc, error) {
	g := f.g
	if len(keys) != len(types) {
		return keyLoc{}, f.errf(n, "%s[ ] requires %d keys, %d given", name, len(types), len(keys))
	}
	ksize = max(ksize, 8)
	var k keyLoc
	hasStr := false
	for _, t := range types {
		hasStr = hasStr || !t.isInt()
	}
	if !hasStr && ksize <= 64 {
		off, err := g.alloc(ksize)
		if err != nil {
			return keyLoc{}, f.errf(n, "%v", err)
		}
		k = keyLoc{stack: true, off: int(off)}
	} else {
		k = keyLoc{off: f.scratch(ksize)}
	}
	if len(keys) == 0 {
		f.keyPtr(asm.R1, k)
		g.emit(asm.StoreImm(asm.R1, 0, 0, asm.Word), asm.StoreImm(asm.R1, 4, 0, asm.Word))
		return k, nil
	}
	off := 0
	for i, e := range keys {
		if types[i].kind == kStack || types[i].kind == kUStack {
			user, frames, ok := f.c.stackCall(e)
			if !ok {
				return keyLoc{}, f.errf(e, "key #%d must be stack( ) or ustack( )", i+1)
			}
			o := k.off + off
			f.getStack(user, frames, func(r asm.Register) { f.scratchPtr(r, o) })
			off += types[i].size
			continue
		}
		kv, err := f.expr(e)
		if err != nil {
			return keyLoc{}, err
		}
		if types[i].isString() != kv.t.isString() {
			f.free(kv)
			return keyLoc{}, f.errf(e, "key #%d has type %s, %s expected", i+1, kv.t.name, types[i].name)
		}
		if kv.t.isString() {
			slot := f.c.strsize
			if types[i].slot > 0 && types[i].slot < slot {
				slot = types[i].slot
			}
			// Zero the slot so that bytes after the NUL do not differ between keys.
			f.scratchPtr(asm.R1, k.off+off)
			g.emit(asm.Mov.Imm(asm.R0, 0))
			for z := 0; z < slot; z += 8 {
				g.emit(asm.StoreMem(asm.R1, int16(z), asm.R0, asm.DWord))
			}
			o := k.off + off
			if err := f.copyStrN(e, kv, func(r asm.Register) { f.scratchPtr(r, o) }, slot); err != nil {
				return keyLoc{}, err
			}
			off += slot
		} else if types[i].kind == kUSym {
			// The pid, then the address.
			r := g.use(kv.tmp, asm.R1)
			f.keyPtr(asm.R2, k)
			g.emit(asm.StoreMem(asm.R2, int16(off+8), r, asm.DWord))
			f.pidTgid(asm.R0)
			g.emit(asm.RSh.Imm(asm.R0, 32), asm.StoreMem(asm.R2, int16(off), asm.R0, asm.DWord))
			off += 16
		} else {
			r := g.use(kv.tmp, asm.R1)
			f.normalize(r, types[i])
			if k.stack {
				g.emit(asm.StoreMem(asm.RFP, int16(k.off+off), r, asm.DWord))
			} else {
				f.scratchPtr(asm.R2, k.off+off)
				g.emit(asm.StoreMem(asm.R2, 0, r, asm.DWord))
			}
			off += 8
		}
		f.free(kv)
	}
	return k, nil
}

// copyStr copies the string v into the strsize buffer whose address dst sets in a
// register. It clobbers R0–R5.
func (f *fn) copyStr(n ast.Node, v value, dst func(asm.Register)) error {
	return f.copyStrN(n, v, dst, f.c.strsize)
}

// copyStrN is copyStr into a buffer of bufSize bytes (at most strsize).
func (f *fn) copyStrN(n ast.Node, v value, dst func(asm.Register), bufSize int) error {
	g := f.g
	if v.lit != nil {
		b := append([]byte(*v.lit), 0)
		if len(b) > bufSize {
			b = append(b[:bufSize-1], 0)
		}
		dst(asm.R1)
		f.storeBytes(asm.R1, 0, b)
		return nil
	}
	src := g.use(v.tmp, asm.R3)
	if src != asm.R3 {
		g.emit(asm.Mov.Reg(asm.R3, src))
	}
	dst(asm.R1)
	size := bufSize
	if v.buf > 0 && v.buf < size {
		size = v.buf
	}
	g.emit(asm.Mov.Imm(asm.R2, int32(size)))
	g.call(asm.FnProbeReadKernelStr)
	return nil
}

// load reads variable v (keys for associative arrays).
func (f *fn) load(n ast.Node, v *variable, keys []ast.Expr) (value, error) {
	g := f.g
	res, err := f.newInt(n, v.t)
	if err != nil {
		return res, err
	}
	if v.t.isString() {
		res.buf = f.c.strsize
	}
	r := g.target(res.tmp, asm.R0)
	switch v.scope {
	case scopeGlobal:
		g.emit(asm.LoadMapValue(r, 0, uint32(v.goff)).WithReference(MapGlobals))
		if !v.t.isString() {
			g.emit(asm.LoadMem(r, r, 0, asm.DWord))
		}
	case scopeClause:
		if v.t.isString() {
			f.scratchPtr(r, f.localStrs[v])
		} else {
			g.emit(asm.LoadMem(r, asm.RFP, f.localSlots[v], asm.DWord))
		}
	case scopeThread, scopeAssoc:
		cache := f.tlsCache[v]
		var hit, end string
		if cache != nil {
			// Read once per firing: later reads take the value from the stack.
			hit, end = g.newLabel("tls_hit"), g.newLabel("tls_end")
			g.emit(asm.LoadMem(asm.R0, asm.RFP, cache.known, asm.Word), asm.JNE.Imm(asm.R0, 0, hit))
		}
		if err := f.dynKey(n, v, keys); err != nil {
			f.free(res)
			return value{}, err
		}
		missing, done := g.newLabel("missing"), g.newLabel("loaded")
		g.emit(asm.LoadMapPtr(asm.R1, 0).WithReference(v.mref), asm.FnMapLookupElem.Call(),
			asm.JEq.Imm(asm.R0, 0, missing))
		r = g.target(res.tmp, asm.R0)
		if v.t.isString() {
			if r != asm.R0 {
				g.emit(asm.Mov.Reg(r, asm.R0))
			}
		} else {
			g.emit(asm.LoadMem(r, asm.R0, 0, asm.DWord))
		}
		g.set(res.tmp, r)
		g.emit(asm.Ja.Label(done))
		g.place(missing)
		r = g.target(res.tmp, asm.R0)
		if v.t.isString() {
			// The empty string: strsize zero bytes of the read-only zeros map, so that
			// the value is as long a buffer as an entry's on both paths.
			g.emit(asm.LoadMapValue(r, 0, 0).WithReference(MapZeros))
			if f.c.res.zerosSize < f.c.strsize {
				f.c.res.zerosSize = f.c.strsize
			}
		} else {
			g.emit(asm.Mov.Imm(r, 0))
		}
		g.set(res.tmp, r)
		g.place(done)
		if cache != nil {
			r = g.use(res.tmp, asm.R0)
			g.emit(asm.StoreMem(asm.RFP, cache.val, r, asm.DWord),
				asm.StoreImm(asm.RFP, cache.known, 1, asm.Word), asm.Ja.Label(end))
			g.place(hit)
			r = g.target(res.tmp, asm.R0)
			g.emit(asm.LoadMem(r, asm.RFP, cache.val, asm.DWord))
			g.set(res.tmp, r)
			g.place(end)
		}

		return res, nil
	}
	g.set(res.tmp, r)
	return res, nil
}

// store writes val (an integer temporary or a string) to v.
func (f *fn) store(n ast.Node, v *variable, keys []ast.Expr, val value) error {
	g := f.g
	if v.t.isString() != val.t.isString() {
		return f.errf(n, "operands have incompatible types: %s = %s", v.t.name, val.t.name)
	}
	if !v.t.isString() {
		r := g.use(val.tmp, asm.R1)
		f.normalize(r, v.t)
		g.set(val.tmp, r)
	}
	switch v.scope {
	case scopeGlobal:
		if v.t.isString() {
			return f.copyStr(n, val, func(r asm.Register) {
				g.emit(asm.LoadMapValue(r, 0, uint32(v.goff)).WithReference(MapGlobals))
			})
		}
		r := g.use(val.tmp, asm.R1)
		g.emit(asm.LoadMapValue(asm.R2, 0, uint32(v.goff)).WithReference(MapGlobals),
			asm.StoreMem(asm.R2, 0, r, asm.DWord))
		return nil
	case scopeClause:
		if v.t.isString() {
			return f.copyStr(n, val, func(r asm.Register) { f.scratchPtr(r, f.localStrs[v]) })
		}
		g.emit(asm.StoreMem(asm.RFP, f.localSlots[v], g.use(val.tmp, asm.R1), asm.DWord))
		return nil
	}
	// Dynamic variables. The value goes through valSlot (integers) or a scratch buffer.
	var voff int
	if v.t.isString() {
		voff = f.scratch(f.c.strsize)
		if err := f.copyStr(n, val, func(r asm.Register) { f.scratchPtr(r, voff) }); err != nil {
			return err
		}
	}
	if err := f.dynKey(n, v, keys); err != nil {
		return err
	}
	g.emit(asm.LoadMapPtr(asm.R1, 0).WithReference(v.mref))
	if v.t.isString() {
		f.scratchPtr(asm.R3, voff)
		g.emit(asm.Mov.Imm(asm.R4, 0), asm.FnMapUpdateElem.Call())
		f.dynDrop()
		return nil
	}
	del, done := g.newLabel("delete"), g.newLabel("stored")
	if cache := f.tlsCache[v]; cache != nil {
		r := g.use(val.tmp, asm.R3)
		g.emit(asm.StoreMem(asm.RFP, cache.val, r, asm.DWord),
			asm.StoreImm(asm.RFP, cache.known, 1, asm.Word))
	}
	r := g.use(val.tmp, asm.R3)
	g.emit(asm.JEq.Imm(r, 0, del),
		asm.StoreMem(asm.RFP, f.valSlot, r, asm.DWord))
	g.stackPtr(asm.R3, f.valSlot)
	g.emit(asm.Mov.Imm(asm.R4, 0), asm.FnMapUpdateElem.Call())
	f.dynDrop()
	g.emit(asm.Ja.Label(done))
	g.place(del)
	g.emit(asm.FnMapDeleteElem.Call())
	g.place(done)
	return nil
}

// MapDynDrops is an array of one uint64 per possible CPU: the stores to thread-local and
// associative-array variables lost on that CPU because the variable's map was full
// (DTrace's dynamic variable drops).
const MapDynDrops = "dyndrops"

// dynDrop counts a failed bpf_map_update_elem (R0 != 0) in MapDynDrops. It clobbers
// R0–R2.
func (f *fn) dynDrop() {
	g := f.g
	ncpu, err := ebpf.PossibleCPU()
	if err != nil || ncpu <= 0 {
		ncpu = 1
	}
	skip := g.newLabel("dyndrop_skip")
	g.emit(asm.JEq.Imm(asm.R0, 0, skip))
	g.call(asm.FnGetSmpProcessorId)
	g.emit(asm.JGE.Imm(asm.R0, int32(ncpu), skip), asm.LSh.Imm(asm.R0, 3),
		asm.LoadMapValue(asm.R1, 0, 0).WithReference(MapDynDrops),
		asm.Add.Reg(asm.R1, asm.R0), asm.Mov.Imm(asm.R2, 1),
		asm.StoreXAdd(asm.R1, asm.R2, asm.DWord))
	g.place(skip)
	if _, ok := f.c.res.hashes[MapDynDrops]; !ok {
		f.c.res.hashes[MapDynDrops] = &ebpf.MapSpec{Name: MapDynDrops, Type: ebpf.Array,
			KeySize: 4, ValueSize: uint32(8 * ncpu), MaxEntries: 1}
		f.c.res.order = append(f.c.res.order, MapDynDrops)
	}
}

// lvalue resolves an assignable expression.
func (f *fn) lvalue(e ast.Expr) (*variable, []ast.Expr, error) {
	e = unparen(e)
	v := f.c.varOf(e)
	if v == nil {
		return nil, nil, f.errf(e, "operator = requires a writable variable as its left-hand operand")
	}
	if v.declErr != "" {
		return nil, nil, f.errf(e, "%s", v.declErr)
	}
	var keys []ast.Expr
	if ix, ok := e.(*ast.IndexExpr); ok {
		keys = ix.Index
	}
	return v, keys, nil
}

// assign generates = and the compound assignments; the value is the stored one.
func (f *fn) assign(x *ast.AssignExpr) (value, error) {
	if _, _, ok := aggRef(x.LHS); ok {
		return value{t: tVoid}, f.aggregate(x)
	}
	rhs, err := f.expr(x.RHS)
	if err != nil {
		return value{}, err
	}
	v, keys, err := f.lvalue(x.LHS)
	if err != nil {
		f.free(rhs)
		return value{}, err
	}
	if x.Op != token.ASSIGN {
		cur, err := f.load(x.LHS, v, keys)
		if err != nil {
			f.free(rhs)
			return value{}, err
		}
		if err := f.arith(x, x.Op, cur, rhs, promote(v.t, rhs.t)); err != nil {
			return value{}, err
		}
		f.free(rhs)
		rhs = cur
	}
	if err := f.store(x, v, keys, rhs); err != nil {
		f.free(rhs)
		return value{}, err
	}
	rhs.t = v.t
	return rhs, nil
}

// incdec generates ++ and -- (post: the value is the old one).
func (f *fn) incdec(n ast.Node, target ast.Expr, op token.Token, post bool) (value, error) {
	v, keys, err := f.lvalue(target)
	if err != nil {
		return value{}, err
	}
	cur, err := f.load(target, v, keys)
	if err != nil {
		return value{}, err
	}
	next, err := f.newInt(n, v.t)
	if err != nil {
		return value{}, err
	}
	r := f.g.use(cur.tmp, asm.R1)
	f.g.set(next.tmp, r)
	rn := f.g.use(next.tmp, asm.R1)
	if op == token.INC {
		f.g.emit(asm.Add.Imm(rn, 1))
	} else {
		f.g.emit(asm.Sub.Imm(rn, 1))
	}
	f.g.set(next.tmp, rn)
	if err := f.store(n, v, keys, next); err != nil {
		return value{}, err
	}
	if post {
		f.free(next)
		return cur, nil
	}
	f.free(cur)
	return next, nil
}
