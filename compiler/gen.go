// This file implements the instruction emitter: labels, the register discipline, stack
// slots and expression temporaries.
//
// Register discipline (enforced here, relied on everywhere else):
//
//	r6      the probe context, saved from r1 at entry
//	r9      the clause's ring-buffer record while a clause with data actions runs
//	r7, r8  expression temporaries (callee-saved, so they survive helper calls)
//	r0-r5   scratch inside one operation; helper calls clobber them
//
// Temporaries beyond r7 and r8 live in 8-byte stack slots. The stack (512 bytes) also holds
// helper keys and clause-local variables; strings never live on it (see scratch in
// resources.go).
package compiler

import (
	"fmt"
	"math"

	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
)

const (
	regCtx    = asm.R6
	regRecord = asm.R9
	stackMax  = 512
)

// gen emits the instructions of one program.
type gen struct {
	insns   asm.Instructions
	nodes   []ast.Node        // the D construct each instruction was generated for
	cur     ast.Node          // the construct being generated
	pending []string          // labels waiting for the next instruction
	alias   map[string]string // label -> label it shares an instruction with
	nlabel  int

	regFree []asm.Register // free register temporaries
	slots   []int16        // free 8-byte stack temporaries
	sp      int            // bytes of stack allocated (grows towards -512)
	maxSP   int
}

func newGen() *gen {
	return &gen{alias: map[string]string{}, regFree: []asm.Register{asm.R8, asm.R7}}
}

// emit appends instructions, attaching pending labels to the first one.
func (g *gen) emit(ins ...asm.Instruction) {
	for _, in := range ins {
		if len(g.pending) > 0 {
			sym := in.Symbol()
			if sym == "" {
				sym = g.pending[0]
				in = in.WithSymbol(sym)
			}
			for _, l := range g.pending {
				if l != sym {
					g.alias[l] = sym
				}
			}
			g.pending = g.pending[:0]
		}
		g.insns = append(g.insns, in)
		g.nodes = append(g.nodes, g.cur)
	}
}

// at makes n the construct the following instructions belong to, until the returned
// function restores the previous one.
func (g *gen) at(n ast.Node) func() {
	prev := g.cur
	g.cur = n
	return func() { g.cur = prev }
}

// newLabel returns a fresh label name.
func (g *gen) newLabel(hint string) string {
	g.nlabel++
	return fmt.Sprintf("%s_%d", hint, g.nlabel)
}

// place binds label to the next emitted instruction.
func (g *gen) place(label string) { g.pending = append(g.pending, label) }

// finish returns the program, resolving labels that share an instruction. A label placed at
// the very end gets a final `exit` of r0 = 0.
func (g *gen) finish() asm.Instructions {
	if len(g.pending) > 0 {
		g.emit(asm.Mov.Imm(asm.R0, 0), asm.Return())
	}
	for i := range g.insns {
		ref := g.insns[i].Reference()
		if ref == "" {
			continue
		}
		if to, ok := g.alias[ref]; ok {
			g.insns[i] = g.insns[i].WithReference(to)
		}
	}
	return g.insns
}

// checkJumps reports a jump whose distance does not fit the instruction's 16-bit offset
// (cilium/ebpf would truncate it silently).
func checkJumps(insns asm.Instructions) error {
	at := map[string]int{}
	raw := 0
	for i := range insns {
		if sym := insns[i].Symbol(); sym != "" {
			at[sym] = raw
		}
		raw += int(insns[i].Width())
	}
	raw = 0
	for i := range insns {
		ins := &insns[i]
		if ref := ins.Reference(); ref != "" && ins.OpCode.Class().IsJump() && !ins.IsFunctionCall() {
			if to, ok := at[ref]; ok {
				if d := to - raw - 1; d > math.MaxInt16 || d < math.MinInt16 {
					return fmt.Errorf("a jump spans %d instructions, more than eBPF's 32767: split the clause", d)
				}
			}
		}
		raw += int(ins.Width())
	}
	return nil
}

// alloc reserves size bytes of stack (rounded up to 8) and returns the offset from r10.
func (g *gen) alloc(size int) (int16, error) {
	size = (size + 7) &^ 7
	if g.sp+size > stackMax {
		return 0, fmt.Errorf("stack of %d bytes exceeded", stackMax)
	}
	g.sp += size
	if g.sp > g.maxSP {
		g.maxSP = g.sp
	}
	return int16(-g.sp), nil
}

// temp is an expression temporary: a callee-saved register or a stack slot.
type temp struct {
	reg  asm.Register // 0 when on the stack
	slot int16
}

func (t temp) onStack() bool { return t.reg == 0 }

func (g *gen) newTemp() (temp, error) {
	if n := len(g.regFree); n > 0 {
		r := g.regFree[n-1]
		g.regFree = g.regFree[:n-1]
		return temp{reg: r}, nil
	}
	if n := len(g.slots); n > 0 {
		s := g.slots[n-1]
		g.slots = g.slots[:n-1]
		return temp{slot: s}, nil
	}
	off, err := g.alloc(8)
	if err != nil {
		return temp{}, err
	}
	return temp{slot: off}, nil
}

func (g *gen) freeTemp(t temp) {
	if t.onStack() {
		g.slots = append(g.slots, t.slot)
	} else {
		g.regFree = append(g.regFree, t.reg)
	}
}

// use makes t's value available in a register: t's own, or scratch loaded from its slot.
func (g *gen) use(t temp, scratch asm.Register) asm.Register {
	if !t.onStack() {
		return t.reg
	}
	g.emit(asm.LoadMem(scratch, asm.RFP, t.slot, asm.DWord))
	return scratch
}

// set stores src into t (a move or a spill).
func (g *gen) set(t temp, src asm.Register) {
	if t.onStack() {
		g.emit(asm.StoreMem(asm.RFP, t.slot, src, asm.DWord))
	} else if t.reg != src {
		g.emit(asm.Mov.Reg(t.reg, src))
	}
}

// reg returns the register to compute t's new value in: t's own or scratch (then call set).
func (g *gen) target(t temp, scratch asm.Register) asm.Register {
	if t.onStack() {
		return scratch
	}
	return t.reg
}

// loadImm puts a 64-bit constant in dst using the shortest form.
func (g *gen) loadImm(dst asm.Register, v int64) {
	if v >= -1<<31 && v < 1<<31 {
		g.emit(asm.Mov.Imm(dst, int32(v)))
	} else {
		g.emit(asm.LoadImm(dst, v, asm.DWord))
	}
}

// storeImm stores a constant of size bytes at dst+off. DWord stores go through r0 unless the
// value fits in 32 bits sign-extended (cilium's StoreImm rejects DWord: see kernel-facts.md).
func (g *gen) storeImm(dst asm.Register, off int16, v int64, size asm.Size) {
	if size == asm.DWord {
		g.loadImm(asm.R0, v)
		g.emit(asm.StoreMem(dst, off, asm.R0, asm.DWord))
		return
	}
	g.emit(asm.StoreImm(dst, off, v, size))
}

// call emits a helper call.
func (g *gen) call(fn asm.BuiltinFunc) { g.emit(fn.Call()) }

// stackPtr sets dst = r10 + off.
func (g *gen) stackPtr(dst asm.Register, off int16) {
	g.emit(asm.Mov.Reg(dst, asm.RFP), asm.Add.Imm(dst, int32(off)))
}

// sizeOf maps a byte count to an asm.Size.
func sizeOf(n int) asm.Size {
	switch n {
	case 1:
		return asm.Byte
	case 2:
		return asm.Half
	case 4:
		return asm.Word
	}
	return asm.DWord
}
