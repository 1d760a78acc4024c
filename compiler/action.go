// This file implements the data-recording actions: trace(), printf() and exit(). Each
// writes its arguments at the offsets its descriptor gives and sets its done flag.
package compiler

import (
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
)

// action generates one action into the clause's record (regRecord).
func (f *fn) action(x *ast.CallExpr, a *Action) error {
	g := f.g
	args := x.Args[a.first:]
	if a.self {
		args = []ast.Expr{x}
	}
	if a.Kind == ActPrint {
		args = x.Args
	}
	for i, arg := range a.Args {
		if arg.Offset < 0 {
			continue
		}
		e := args[i]
		if arg.Kind == ArgBytes {
			if err := f.recordBytes(e, arg); err != nil {
				return err
			}
			continue
		}
		if arg.Kind == ArgStack || arg.Kind == ArgUStack {
			user, frames, _ := f.c.stackCall(e)
			off := arg.Offset
			f.getStack(user, frames, func(r asm.Register) {
				g.emit(asm.Mov.Reg(r, regRecord), asm.Add.Imm(r, int32(off)))
			})
			continue
		}
		if arg.Kind == ArgString {
			if id, ok := unparen(e).(*ast.Ident); ok && id.Name == "execname" {
				// comm straight into the record.
				g.emit(asm.Mov.Reg(asm.R1, regRecord), asm.Add.Imm(asm.R1, int32(arg.Offset)),
					asm.Mov.Imm(asm.R2, 16))
				g.call(asm.FnGetCurrentComm)
				continue
			}
		}
		var v value
		var err error
		if call, ok := unparen(e).(*ast.CallExpr); ok && a.self {
			// sym(), ufunc()... as actions: their value, not the action again.
			id, _ := call.Fun.(*ast.Ident)
			v, err = f.subroutine(call, id.Name)
		} else {
			v, err = f.expr(e)
		}
		if err != nil {
			return err
		}
		if arg.Kind == ArgString {
			off := arg.Offset
			if err := f.copyStr(e, v, func(r asm.Register) {
				g.emit(asm.Mov.Reg(r, regRecord), asm.Add.Imm(r, int32(off)))
			}); err != nil {
				return err
			}
			if v.lit == nil {
				// probe_read_kernel_str leaves the rest of the slot as it was: an empty
				// string on failure needs the first byte cleared, which a negative
				// return signals.
				ok := g.newLabel("str_ok")
				g.emit(asm.JSGT.Imm(asm.R0, 0, ok),
					asm.StoreImm(regRecord, int16(off), 0, asm.Byte))
				g.place(ok)
			}
		} else if arg.Kind == ArgUSym {
			r := g.use(v.tmp, asm.R1)
			g.emit(asm.StoreMem(regRecord, int16(arg.Offset+8), r, asm.DWord))
			f.pidTgid(asm.R0)
			g.emit(asm.RSh.Imm(asm.R0, 32), asm.StoreMem(regRecord, int16(arg.Offset), asm.R0, asm.DWord))
		} else {
			g.emit(asm.StoreMem(regRecord, int16(arg.Offset), g.use(v.tmp, asm.R1), asm.DWord))
		}
		f.free(v)
	}
	g.emit(asm.StoreImm(regRecord, int16(a.Flag), 1, asm.Word))
	if a.Kind == ActExit {
		g.emit(asm.LoadMapValue(asm.R1, 0, 0).WithReference(MapState),
			asm.StoreImm(asm.R1, 0, StateExiting, asm.Word))
	}
	return nil
}
