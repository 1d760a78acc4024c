// This file implements the compiler's entry point and its ordered passes:
//
//  1. vars, aggs: give every variable and aggregation the checker found (with the type
//     it gave it) a home: globals offset, hash map, stack slot, aggregation map;
//  2. group:    group the clauses by enabled probe, keeping source order (DTrace's
//     guarantee: the clauses of a probe run in the order they appear);
//  3. generate: emit one program per enabled probe, clause after clause, each clause
//     guarded by the state word and its predicate, records reserved in the ring buffer;
//  4. layout:   size the shared maps (globals, scratch) once every program is emitted.
package compiler

import (
	"errors"
	"fmt"
	"sort"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// Config holds the options that change code generation.
type Config struct {
	StrSize int  // -x strsize; 0 means 256
	Quiet   bool // -q: clauses without data actions emit no record
	BufSize int  // -x bufsize; 0 means record.DefaultRingSize
	// AggSize is -x aggsize in bytes: each aggregation's map holds AggSize / (key + value
	// size) entries; 0 means 16384 entries.
	AggSize int64
	// Kernel emits the built-ins that read kernel structures; created on demand when nil.
	Kernel *kernel.Emitter
}

// Compile compiles prog, which the checker accepted: info is what types.Check returned for
// it (types.Merge of several), and every type, constant, variable, member and aggregation
// the code needs comes from it. matches[i] lists the probes the i-th clause enables, in
// order. Errors are a diag.List with positions.
func Compile(prog *ast.Program, info *types.Info, matches [][]Probe, conf *Config) (obj *Object, err error) {
	defer func() {
		// A bug in the code generator must not print a Go stack trace at a user.
		if r := recover(); r != nil {
			obj, err = nil, diag.List{diag.Errorf(token.Position{}, diag.D_UNKNOWN, "internal compiler error: %v", r)}
		}
	}()
	if conf == nil {
		conf = &Config{}
	}
	c := &compiler{prog: prog, info: info, conf: conf, res: newResources(), strsize: conf.StrSize}
	if c.strsize <= 0 {
		c.strsize = int(types.DefaultStr)
	}
	if info == nil {
		return nil, errors.New("compile: the program has not been checked")
	}
	if len(matches) != len(prog.Clauses) {
		return nil, fmt.Errorf("compile: %d clauses but %d probe lists", len(prog.Clauses), len(matches))
	}
	c.matches = matches
	c.vars()
	c.aggs()
	if c.usesAggGen {
		c.res.hashes[MapAggGen] = aggGenSpec(len(c.aggList))
		c.res.order = append(c.res.order, MapAggGen)
	}
	if len(c.errs) > 0 {
		return nil, c.errList()
	}
	obj = &Object{StrSize: c.strsize, Quiet: conf.Quiet}
	for _, pg := range group(prog, matches) {
		p, err := c.program(pg, obj)
		if err != nil {
			c.errs = append(c.errs, toDiag(prog, err))
			continue
		}
		obj.Programs = append(obj.Programs, p)
	}
	if len(c.errs) > 0 {
		return nil, c.errList()
	}
	maps, err := c.res.specs(conf.BufSize)
	if err != nil {
		return nil, err
	}
	obj.Maps = maps
	obj.Vtime = c.usesVtime
	obj.Aggs = c.aggList
	obj.Symbols = c.usesSymbols
	return obj, nil
}

// compiler holds the state of one compilation.
type compiler struct {
	prog      *ast.Program // positions expand through it, whichever source they are in
	info      *types.Info
	conf      *Config
	res       *resources
	strsize   int
	globals   map[string]*variable
	tls       map[string]*variable
	locals    map[string]*variable
	errs      []*diag.Error
	kern      *kernel.Emitter
	usesVtime bool
	nepid     uint32
	aggByName map[string]*Agg
	aggList   []*Agg

	usesSymbols bool // stack(), ustack(), or a symbol conversion: the consumer needs symbols
	usesAggGen  bool // some min() or max(): the generation map exists
	matches     [][]Probe
}

func (c *compiler) errList() error {
	l := diag.List(c.errs)
	l.Sort()
	return l
}

func (c *compiler) pos(n ast.Node) token.Position { return c.prog.Position(n.Pos()) }

// errorf records a positioned error.
func (c *compiler) errorf(n ast.Node, format string, args ...any) {
	c.errs = append(c.errs, diag.Errorf(c.pos(n), diag.D_CG_EXPR, format, args...))
}

// genError is a code-generation failure inside a program, positioned at a node.
type genError struct {
	node ast.Node
	msg  string
}

func (e *genError) Error() string { return e.msg }

func toDiag(prog *ast.Program, err error) *diag.Error {
	var ge *genError
	if errors.As(err, &ge) {
		return diag.Errorf(prog.Position(ge.node.Pos()), diag.D_CG_EXPR, "%s", ge.msg)
	}
	var de *diag.Error
	if errors.As(err, &de) {
		return de
	}
	return diag.Errorf(token.Position{}, diag.D_CG_EXPR, "%v", err)
}

// probeGroup is one enabled probe and the clauses it runs.
type probeGroup struct {
	probe   Probe
	clauses []int
}

// group collects, per probe, the clauses that enable it, in source order; probes are
// ordered by first enabling clause.
func group(prog *ast.Program, matches [][]Probe) []*probeGroup {
	byID := map[uint32]*probeGroup{}
	var out []*probeGroup
	for ci, ps := range matches {
		for _, p := range ps {
			id := p.Info().ID
			g, ok := byID[id]
			if !ok {
				g = &probeGroup{probe: p}
				byID[id] = g
				out = append(out, g)
			}
			if n := len(g.clauses); n == 0 || g.clauses[n-1] != ci {
				g.clauses = append(g.clauses, ci)
			}
		}
	}
	for _, g := range out {
		sort.Ints(g.clauses)
	}
	return out
}

// program generates the program of one enabled probe.
func (c *compiler) program(pg *probeGroup, obj *Object) (*Program, error) {
	info := pg.probe.Info()
	f := &fn{c: c, g: newGen(), probe: pg.probe, info: info}
	g := f.g
	g.emit(asm.Mov.Reg(regCtx, asm.R1))
	end := g.newLabel("end")
	skip := g.newLabel("not_this_probe")
	guard, err := pg.probe.Guard(regCtx, skip)
	if err != nil {
		return nil, err
	}
	if len(guard) > 0 {
		// The guard's exit is right after it: jump offsets are 16 bits, and a program of
		// many clauses can put its end beyond their reach.
		past := g.newLabel("probe_matched")
		g.emit(guard...)
		g.emit(asm.Ja.Label(past))
		g.place(skip)
		g.emit(asm.Mov.Imm(asm.R0, 0), asm.Return())
		g.place(past)
	}
	if err := f.prologue(pg.clauses); err != nil {
		return nil, err
	}
	bodyStart := len(g.insns)
	p := &Program{Probe: pg.probe}
	for _, ci := range pg.clauses {
		cl := c.prog.Clauses[ci]
		desc := ""
		for i, d := range cl.Probes {
			if i > 0 {
				desc += ","
			}
			desc += d.Text
		}
		p.Clauses = append(p.Clauses, ClauseRef{Index: ci, Pos: c.pos(cl), Desc: desc})
		epid, err := f.clause(ci, cl)
		if err != nil {
			return nil, err
		}
		obj.EPIDs = append(obj.EPIDs, epid)
	}
	g.place(end)
	g.emit(asm.Mov.Imm(asm.R0, 0), asm.Return())
	if init := f.initCode(); len(init) > 0 {
		// A label bound to the first clause instruction (the guard's "matched" target)
		// must now name the first instruction of the init code.
		if bodyStart < len(g.insns) {
			if sym := g.insns[bodyStart].Symbol(); sym != "" {
				init[0] = init[0].WithSymbol(sym)
				g.insns[bodyStart] = g.insns[bodyStart].WithSymbol("")
			}
		}
		g.insns = append(g.insns[:bodyStart:bodyStart], append(init, g.insns[bodyStart:]...)...)
		g.nodes = append(g.nodes[:bodyStart:bodyStart], append(make([]ast.Node, len(init)), g.nodes[bodyStart:]...)...)
	}
	insns := g.finish()
	if err := checkJumps(insns); err != nil {
		return nil, err
	}
	p.nodes, p.src = g.nodes, c.prog
	if f.scratchUse > f.scratchMax {
		f.scratchMax = f.scratchUse
	}
	if f.scratchMax > c.res.scratchSize {
		c.res.scratchSize = f.scratchMax
	}
	p.Spec = &ebpf.ProgramSpec{
		Name:         progName(info),
		Type:         pg.probe.ProgramType(),
		AttachType:   pg.probe.AttachType(),
		AttachTo:     pg.probe.AttachTo(),
		Instructions: insns,
		License:      "GPL",
	}
	return p, nil
}

// progName makes a kernel program name (15 bytes) from a probe.
func progName(p ProbeInfo) string {
	return mapName("d_" + p.Function + "_" + p.Name)
}
