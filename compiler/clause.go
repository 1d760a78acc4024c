// This file implements the per-program generator: the prologue (context, scratch pointer,
// clause-local initialisation) and each clause: state-word check, predicate, record
// reservation, body, record submission.
package compiler

import (
	"fmt"
	"sort"

	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	dprintf "github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/dlang/token"
)

// fn generates one program.
type fn struct {
	c     *compiler
	g     *gen
	probe Probe
	info  ProbeInfo

	scratchSlot int16 // stack slot holding the per-CPU scratch pointer
	tidSlot     int16 // stack slot holding bpf_get_current_pid_tgid(), read once per firing
	usesTid     bool
	keySlot     int16 // 8-byte stack slot for map keys
	valSlot     int16 // 8-byte stack slot for map values
	usesScratch bool
	scratchUse  int // bytes of scratch allocated ([0:8] is the empty string)
	scratchMax  int // the most scratch any clause needed

	localSlots map[*variable]int16 // this-> integers
	tlsCache   map[*variable]*cacheSlots
	cacheOrder []*variable
	localStrs  map[*variable]int // this-> strings: scratch offsets

	actions map[*ast.CallExpr]*Action // actions of the current clause
	record  bool                      // the current clause holds a record in regRecord

	// Faults (fault.go): a failed memory read ends the clause with DTrace's error.
	faultSlot    int16  // the address that could not be read
	faultActSlot int16  // the action it happened in (0: the predicate)
	faultLabel   string // the current clause's fault handler
	faultUsed    bool
	faultPred    bool // some read in the predicate can fault
	faultBody    bool // some read in the body can fault
	curAction    int
}

// prologue reserves the fixed stack slots. It runs before the clauses; the code that
// initialises them is emitted by finishPrologue, once the body is known.
func (f *fn) prologue(clauses []int) error {
	var err error
	if f.scratchSlot, err = f.g.alloc(8); err != nil {
		return err
	}
	if f.keySlot, err = f.g.alloc(8); err != nil {
		return err
	}
	if f.valSlot, err = f.g.alloc(8); err != nil {
		return err
	}
	if f.tidSlot, err = f.g.alloc(8); err != nil {
		return err
	}
	if f.faultSlot, err = f.g.alloc(8); err != nil {
		return err
	}
	if f.faultActSlot, err = f.g.alloc(8); err != nil {
		return err
	}
	f.scratchUse = 8
	if err := f.cacheThreadLocals(clauses); err != nil {
		return err
	}
	f.localSlots = map[*variable]int16{}
	f.localStrs = map[*variable]int{}
	for _, v := range f.c.locals {
		if v.declErr != "" {
			continue
		}
		if v.t.isString() {
			f.localStrs[v] = f.scratch(f.c.strsize)
			f.usesScratch = true
			continue
		}
		s, err := f.g.alloc(8)
		if err != nil {
			return err
		}
		f.localSlots[v] = s
	}
	return nil
}

// cacheSlots hold a thread-local integer read or written earlier in the same firing: a
// thread's self-> variables change only in its own firings, so a value once read stays
// valid until this program stores it again (which refreshes the cache).
type cacheSlots struct {
	val, known int16
}

// cacheThreadLocals gives a cache to every integer thread-local the clauses name more
// than once.
func (f *fn) cacheThreadLocals(clauses []int) error {
	count := map[*variable]int{}
	for _, ci := range clauses {
		cl := f.c.prog.Clauses[ci]
		for _, root := range []ast.Node{cl.Pred, cl.Body} {
			if root == nil {
				continue
			}
			ast.Inspect(root, func(n ast.Node) bool {
				if sv, ok := n.(*ast.ScopedVar); ok && sv.Scope == token.SELF {
					if v := f.c.varOf(sv); v != nil && v.declErr == "" && v.t.isInt() {
						count[v]++
					}
				}
				return true
			})
		}
	}
	f.tlsCache = map[*variable]*cacheSlots{}
	vars := make([]*variable, 0, len(count))
	for v := range count {
		vars = append(vars, v)
	}
	sort.Slice(vars, func(i, j int) bool { return vars[i].name < vars[j].name })
	f.cacheOrder = nil
	for _, v := range vars {
		if count[v] < 2 {
			continue
		}
		val, err := f.g.alloc(8)
		if err != nil {
			return err
		}
		known, err := f.g.alloc(8)
		if err != nil {
			return err
		}
		f.tlsCache[v] = &cacheSlots{val: val, known: known}
		f.cacheOrder = append(f.cacheOrder, v)
	}
	return nil
}

// allocMark records the stack and scratch allocated so far.
type allocMark struct{ sp, scratch int }

func (f *fn) mark() allocMark { return allocMark{f.g.sp, f.scratchUse} }

// release frees the stack and scratch allocated since m (the high-water marks stay).
func (f *fn) release(m allocMark) {
	g := f.g
	kept := g.slots[:0]
	for _, s := range g.slots {
		if int(-s) <= m.sp {
			kept = append(kept, s)
		}
	}
	g.slots = kept
	g.sp = m.sp
	if f.scratchUse > f.scratchMax {
		f.scratchMax = f.scratchUse
	}
	f.scratchUse = m.scratch
}

// scratch allocates size bytes of the per-CPU scratch value and returns the offset.
func (f *fn) scratch(size int) int {
	off := f.scratchUse
	f.scratchUse += (size + 7) &^ 7
	f.usesScratch = true
	return off
}

// pidTgid loads bpf_get_current_pid_tgid()'s value, saved once per firing, into dst.
func (f *fn) pidTgid(dst asm.Register) {
	f.usesTid = true
	f.g.emit(asm.LoadMem(dst, asm.RFP, f.tidSlot, asm.DWord))
}

// scratchPtr sets dst to the scratch pointer plus off.
func (f *fn) scratchPtr(dst asm.Register, off int) {
	f.usesScratch = true
	f.g.emit(asm.LoadMem(dst, asm.RFP, f.scratchSlot, asm.DWord))
	if off != 0 {
		f.g.emit(asm.Add.Imm(dst, int32(off)))
	}
}

// initCode returns the instructions that must run before the first clause: the scratch
// lookup, the pid/tgid read, and the zeroing of clause-local slots and caches. It is
// spliced in after the guard.
func (f *fn) initCode() asm.Instructions {
	var out asm.Instructions
	if f.usesScratch {
		ok := f.g.newLabel("scratch_ok")
		out = append(out,
			asm.StoreImm(asm.RFP, f.keySlot, 0, asm.Word),
			asm.LoadMapPtr(asm.R1, 0).WithReference(MapScratch),
			asm.Mov.Reg(asm.R2, asm.RFP),
			asm.Add.Imm(asm.R2, int32(f.keySlot)),
			asm.FnMapLookupElem.Call(),
			// No scratch (cannot happen for a per-CPU array's key 0): return here rather
			// than jump to a far end.
			asm.JNE.Imm(asm.R0, 0, ok),
			asm.Mov.Imm(asm.R0, 0),
			asm.Return(),
			asm.StoreMem(asm.RFP, f.scratchSlot, asm.R0, asm.DWord).WithSymbol(ok),
			asm.StoreImm(asm.R0, 0, 0, asm.Word),
			asm.StoreImm(asm.R0, 4, 0, asm.Word),
		)
	}
	if f.usesTid {
		// pid, tid and thread-local keys all come from this one helper call.
		out = append(out, asm.FnGetCurrentPidTgid.Call(), asm.StoreMem(asm.RFP, f.tidSlot, asm.R0, asm.DWord))
	}
	for _, v := range f.cacheOrder {
		out = append(out, asm.StoreImm(asm.RFP, f.tlsCache[v].known, 0, asm.Word))
	}
	for _, s := range f.localSlots {
		out = append(out, asm.StoreImm(asm.RFP, s, 0, asm.Word), asm.StoreImm(asm.RFP, s+4, 0, asm.Word))
	}
	return out
}

// clause generates one clause and returns its record descriptor.
func (f *fn) clause(ci int, cl *ast.Clause) (*EPID, error) {
	g := f.g
	defer g.at(cl.Probes[0])()
	c := f.c
	c.nepid++
	epid := &EPID{ID: c.nepid, Probe: f.info, Clause: ci}
	next := g.newLabel("clause_end")
	// Stack and scratch used by this clause's expressions are free again after it: a
	// program of many clauses needs the most any one clause needs, not their sum.
	defer f.release(f.mark())

	// The state word: ordinary probes run in StateActive, BEGIN in StateWarmup, END in
	// StateEnding.
	want := int32(StateActive)
	if f.info.Provider == "dtrace" {
		switch f.info.Name {
		case "BEGIN":
			want = StateWarmup
		case "END":
			want = StateEnding
		}
	}
	g.emit(asm.LoadMapValue(asm.R1, 0, 0).WithReference(MapState),
		asm.LoadMem(asm.R1, asm.R1, 0, asm.Word),
		asm.JNE.Imm(asm.R1, want, next))

	f.faultLabel, f.faultUsed, f.curAction = g.newLabel("fault"), false, 0
	f.faultPred, f.faultBody = false, false
	if cl.Pred != nil {
		if err := f.cond(cl.Pred, next); err != nil {
			return nil, err
		}
	}

	// Lay out the record.
	if err := f.layout(cl, epid); err != nil {
		return nil, err
	}
	// As DTrace: a clause records (and, without -q, prints its probe line) when it has
	// data-recording actions, or no statements at all (the default action); a clause of
	// assignments and aggregations only records nothing.
	f.record = len(epid.Actions) > 0 || (!c.conf.Quiet && emptyBody(cl.Body))
	if f.record {
		drop := g.newLabel("drop")
		g.emit(
			asm.LoadMapPtr(asm.R1, 0).WithReference(MapEvents),
			asm.Mov.Imm(asm.R2, int32(epid.Size)),
			asm.Mov.Imm(asm.R3, 0),
			asm.FnRingbufReserve.Call(),
			asm.JEq.Imm(asm.R0, 0, drop),
			asm.Mov.Reg(regRecord, asm.R0),
			asm.StoreImm(regRecord, 0, int64(epid.ID), asm.Word),
			asm.FnGetSmpProcessorId.Call(),
			asm.StoreMem(regRecord, 4, asm.R0, asm.Word),
		)
		for _, a := range epid.Actions {
			g.emit(asm.StoreImm(regRecord, int16(a.Flag), 0, asm.Word))
		}
		if err := f.body(cl.Body); err != nil {
			return nil, err
		}
		g.emit(asm.Mov.Reg(asm.R1, regRecord), asm.Mov.Imm(asm.R2, 0), asm.FnRingbufSubmit.Call(),
			asm.Ja.Label(next))
		// A failed reservation drops the whole clause, as DTrace drops an ECB whose buffer
		// space cannot be reserved, and counts it on this CPU.
		g.place(drop)
		g.emit(emitDrop()...)
	} else if err := f.body(cl.Body); err != nil {
		return nil, err
	}
	if f.faultUsed {
		g.emit(asm.Ja.Label(next))
		f.faultHandler(epid, next)
	}
	g.place(next)
	f.record = false
	return epid, nil
}

// emptyBody reports whether a clause has no statements.
func emptyBody(b *ast.Block) bool {
	for _, s := range b.List {
		if _, ok := s.(*ast.EmptyStmt); !ok {
			return false
		}
	}
	return true
}

// layout assigns record offsets to the clause's data actions.
func (f *fn) layout(cl *ast.Clause, epid *EPID) error {
	f.actions = map[*ast.CallExpr]*Action{}
	off := RecordHeaderSize
	var err error
	// stack(), ustack(), sym() and the like are actions only as statements of their own;
	// elsewhere (aggregation keys) they are values.
	statement := map[*ast.CallExpr]bool{}
	ast.Inspect(cl.Body, func(n ast.Node) bool {
		if es, ok := n.(*ast.ExprStmt); ok {
			if call, ok := unparen(es.X).(*ast.CallExpr); ok {
				statement[call] = true
			}
		}
		return true
	})
	ast.Inspect(cl.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || err != nil {
			return err == nil
		}
		id, ok := call.Fun.(*ast.Ident)
		if !ok {
			return true
		}
		var a *Action
		switch id.Name {
		case "trace":
			a = &Action{Kind: ActTrace}
		case "printf":
			a = &Action{Kind: ActPrintf}
		case "exit":
			a = &Action{Kind: ActExit}
		case "print":
			a = &Action{Kind: ActPrint, Pos: f.c.pos(call), Flag: off}
			var perr error
			if off, perr = f.printArg(call, a, off+8); perr != nil {
				err = perr
				return false
			}
			f.actions[call] = a
			epid.Actions = append(epid.Actions, a)
			return false
		case "stack", "ustack", "sym", "func", "mod", "usym", "ufunc", "umod", "uaddr":
			if !statement[call] {
				return true
			}
			// As actions they record their value like trace().
			a = &Action{Kind: ActTrace, self: true}
		case "printa":
			a = &Action{Kind: ActPrinta}
		case "clear":
			a = &Action{Kind: ActClear}
		case "trunc":
			a = &Action{Kind: ActTrunc}
		case "normalize":
			a = &Action{Kind: ActNormalize}
		case "denormalize":
			a = &Action{Kind: ActDenormalize}
		default:
			return true
		}
		a.Pos = f.c.pos(call)
		a.Flag = off
		off += 8
		args := call.Args
		if a.Kind == ActPrinta || a.Kind == ActPrintf {
			if k := f.c.info.Consts[args[0]]; k.IsString {
				a.Format = k.Str // the checker's constant: a literal, $$1, a string inline
				args = args[1:]
			}
		}
		if a.Kind >= ActPrinta {
			// Leading aggregation arguments name aggregations; the rest are integers.
			for len(args) > 0 {
				name, keys, ok := aggRef(args[0])
				if !ok || keys != nil {
					break
				}
				a.Aggs = append(a.Aggs, f.c.aggByName[name].ID)
				args = args[1:]
			}
		}
		if a.Format != "" {
			if pf, perr := dprintf.Parse(a.Format); perr == nil {
				for _, cv := range pf.Conversions() {
					switch cv.Name {
					case "a", "A", "k":
						f.c.usesSymbols = true
					}
				}
			}
		}
		a.first = len(call.Args) - len(args)
		if a.self {
			args = []ast.Expr{call}
		}
		for _, e := range args {
			t, terr := f.c.typeOf(e)
			if terr != nil {
				err = &genError{e, terr.Error()}
				return false
			}
			arg := &Arg{Type: t.name, Size: t.size, Signed: t.signed, Offset: off}
			switch {
			case t.kind == kSym || t.kind == kUSym:
				arg.Kind, arg.Size = ArgSym, t.size
				if t.kind == kUSym {
					arg.Kind = ArgUSym
				}
				off += t.size
				f.c.usesSymbols = true
			case t.kind == kStack || t.kind == kUStack:
				arg.Kind, arg.Size = ArgStack, t.size
				if t.kind == kUStack {
					arg.Kind = ArgUStack
				}
				off += t.size
				f.c.usesSymbols = true
			case t.isString():
				arg.Kind = ArgString
				arg.Size = f.c.strsize
				if s, ok := f.constString(e); ok {
					arg.Offset, arg.Const = -1, s
				} else {
					off += f.c.strsize
				}
			case t.isInt():
				arg.Kind = ArgInt
				off += 8
			default:
				err = &genError{e, fmt.Sprintf("%s( ) argument of type %s is not supported", id.Name, t.name)}
				return false
			}
			a.Args = append(a.Args, arg)
		}
		f.actions[call] = a
		epid.Actions = append(epid.Actions, a)
		return true
	})
	epid.Size = (off + 7) &^ 7
	return err
}

// constString returns the value of a string expression known at compile time.
func (f *fn) constString(e ast.Expr) (string, bool) {
	switch x := unparen(e).(type) {
	case *ast.StringLit:
		return x.Value, true
	case *ast.Ident:
		switch x.Name {
		case "probeprov":
			return f.info.Provider, true
		case "probemod":
			return f.info.Module, true
		case "probefunc":
			return f.info.Function, true
		case "probename":
			return f.info.Name, true
		}
	case *ast.MacroArg:
		if c := f.c.info.Consts[x]; x.Quoted {
			return c.Str, c.IsString
		}
	}
	return "", false
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// block generates a statement list.
func (f *fn) block(b *ast.Block) error {
	for _, s := range b.List {
		if err := f.stmt(s); err != nil {
			return err
		}
	}
	return nil
}

// body generates a clause's statements, numbering them as DTrace numbers actions in
// its error messages.
func (f *fn) body(b *ast.Block) error {
	for _, s := range b.List {
		f.curAction++
		if err := f.stmt(s); err != nil {
			return err
		}
	}
	return nil
}

// stmt generates one statement.
func (f *fn) stmt(s ast.Stmt) error {
	switch x := s.(type) {
	case *ast.EmptyStmt:
		return nil
	case *ast.Block:
		return f.block(x)
	case *ast.ExprStmt:
		v, err := f.expr(x.X)
		if err != nil {
			return err
		}
		f.free(v)
		return nil
	case *ast.IfStmt:
		els := f.g.newLabel("else")
		done := f.g.newLabel("endif")
		if err := f.cond(x.Cond, els); err != nil {
			return err
		}
		if err := f.stmt(x.Then); err != nil {
			return err
		}
		if x.Else != nil {
			f.g.emit(asm.Ja.Label(done))
		}
		f.g.place(els)
		if x.Else != nil {
			if err := f.stmt(x.Else); err != nil {
				return err
			}
		}
		f.g.place(done)
		return nil
	}
	return &genError{s, "statement not supported"}
}

var _ = token.NoPos
