// This file implements the print() action: the value is recorded as its bytes (a scalar
// in its 8-byte slot, a structure read whole from kernel or user memory), and its type is
// described for runtime/format's print layout from the checker's types (BTF for kernel
// structures).
package compiler

import (
	"fmt"

	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/token"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/record"
)

// maxPrintSize bounds the bytes print() records of one structure.
const maxPrintSize = 16384

// ptypeOf describes t for format.Print.
func ptypeOf(t types.Type, strsize int) *record.PType {
	name := t.String()
	switch u := t.(type) {
	case *types.Typedef:
		under := ptypeOf(u.Under, strsize)
		if under == nil {
			return nil
		}
		return &record.PType{Kind: record.PTypedef, Name: name, Size: under.Size, Under: under}
	case *types.Int:
		return &record.PType{Kind: record.PInt, Name: name, Size: u.Bytes, Signed: u.Signed, Char: u.Char}
	case *types.Pointer:
		_, fn := types.Resolve(u.Elem).(*types.Func)
		return &record.PType{Kind: record.PPointer, Name: name, Size: 8, Func: fn}
	case *types.Array:
		elem := ptypeOf(u.Elem, strsize)
		if elem == nil {
			return nil
		}
		return &record.PType{Kind: record.PArray, Name: name, Size: int(u.Size()), Elem: elem, Len: int(u.Len)}
	case *types.StringKind:
		char := &record.PType{Kind: record.PInt, Name: "char", Size: 1, Signed: true, Char: true}
		return &record.PType{Kind: record.PArray, Name: "string", Size: strsize, Elem: char, Len: strsize}
	case *types.Enum:
		p := &record.PType{Kind: record.PEnum, Name: name, Size: int(u.Bytes)}
		for _, v := range u.Values {
			p.Enums = append(p.Enums, record.PEnumerator{Name: v.Name, Value: v.Value})
		}
		return p
	case *types.Struct:
		p := &record.PType{Kind: record.PStruct, Name: name, Size: int(u.Bytes)}
		if u.Union {
			p.Kind = record.PUnion
		}
		for _, f := range u.Fields() {
			mt := ptypeOf(f.Type, strsize)
			if mt == nil {
				mt = &record.PType{Kind: record.PForward, Name: f.Type.String()}
			}
			p.Members = append(p.Members, record.PMember{Name: f.Name, Type: mt,
				BitOff: int(f.Offset), BitSize: int(f.BitSize)})
		}
		return p
	case *types.Forward:
		return &record.PType{Kind: record.PForward, Name: name}
	case *types.Func:
		return &record.PType{Kind: record.PFunc, Name: name, Size: 8}
	}
	return nil
}

// printArg lays out print()'s argument; it returns the offset after it.
func (f *fn) printArg(call *ast.CallExpr, a *Action, off int) (int, error) {
	e := call.Args[0]
	t := f.c.info.Types[e]
	a.PType = ptypeOf(t, f.c.strsize)
	if a.PType == nil {
		return off, &genError{e, fmt.Sprintf("print( ) of type %s is not supported", t)}
	}
	switch types.Resolve(t).(type) {
	case *types.Struct, *types.Array:
		size := int(t.Size())
		if size <= 0 || size > maxPrintSize {
			return off, &genError{e, fmt.Sprintf("print( ) of %d bytes of %s: at most %d are recorded", size, t, maxPrintSize)}
		}
		a.Args = append(a.Args, &Arg{Kind: ArgBytes, Size: size, Type: t.String(), Offset: off})
		return off + (size+7)&^7, nil
	}
	dt, err := f.c.typeOf(e)
	if err != nil {
		return off, &genError{e, err.Error()}
	}
	arg := &Arg{Kind: ArgInt, Size: dt.size, Signed: dt.signed, Type: dt.name, Offset: off}
	if dt.isString() {
		arg.Kind, arg.Size = ArgString, f.c.strsize
		off += f.c.strsize
	} else {
		off += 8
	}
	a.Args = append(a.Args, arg)
	return off, nil
}

// recordBytes reads the object e designates (*p, or a struct member reached through a
// pointer) into the record at off.
func (f *fn) recordBytes(e ast.Expr, arg *Arg) error {
	g := f.g
	var addr value
	var err error
	user := false
	switch x := unparen(e).(type) {
	case *ast.UnaryExpr:
		if x.Op != token.MUL {
			return f.errf(e, "print( ) of this expression is not supported")
		}
		addr, err = f.intExpr(x.X)
		if t := f.c.info.Types[x.X]; t != nil && types.IsUser(t) {
			user = true
		}
	case *ast.SelectorExpr:
		addr, err = f.memberAddr(x)
		user = f.c.info.UserMem[x]
	default:
		return f.errf(e, "print( ) of a structure is supported through a pointer (*p, p->member) only")
	}
	if err != nil {
		return err
	}
	src := g.use(addr.tmp, asm.R3)
	if src != asm.R3 {
		g.emit(asm.Mov.Reg(asm.R3, src))
	}
	f.saveFaultAddr(asm.R3)
	g.emit(asm.Mov.Reg(asm.R1, regRecord), asm.Add.Imm(asm.R1, int32(arg.Offset)), asm.Mov.Imm(asm.R2, int32(arg.Size)))
	if user {
		g.call(asm.FnProbeReadUser)
	} else {
		g.call(asm.FnProbeReadKernel)
	}
	f.faultIfNeg()
	f.free(addr)
	return nil
}
