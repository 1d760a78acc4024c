// This file implements the compiler's output: the programs of a script, the maps they
// share and the record descriptors the consumer decodes with.
package compiler

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/token"
)

// Object is a compiled script, ready to load.
type Object struct {
	Programs []*Program
	Maps     map[string]*ebpf.MapSpec // by the reference name used in the instructions
	EPIDs    []*EPID                  // EPIDs[i].ID == i+1
	StrSize  int
	Quiet    bool
	Vtime    bool // some program references the vtimestamp support map
	Aggs     []*Agg
	Symbols  bool // records or keys hold addresses to print as symbols
}

// EPID returns the descriptor of id, or nil.
func (o *Object) EPID(id uint32) *EPID {
	if id == 0 || int(id) > len(o.EPIDs) {
		return nil
	}
	return o.EPIDs[id-1]
}

// Program is the one program of an enabled probe: its clauses, in source order.
type Program struct {
	Probe   Probe
	Spec    *ebpf.ProgramSpec
	Clauses []ClauseRef

	nodes []ast.Node   // per instruction of Spec (before loading), the D construct
	src   *ast.Program // the program the constructs are in, for their positions
}

// Source returns the D construct instruction i of Spec (an index, not a raw offset) was
// generated for, as source text, and its position.
func (p *Program) Source(i int) (text string, pos token.Position, ok bool) {
	if i < 0 || i >= len(p.nodes) || p.nodes[i] == nil {
		return "", token.Position{}, false
	}
	n := p.nodes[i]
	return ast.String(n), p.src.Position(n.Pos()), true
}

// Construct returns the D construct the instruction at raw offset off (in 8-byte slots,
// as the verifier log numbers instructions) was generated for, as source text, and its
// position.
func (p *Program) Construct(off int) (text string, pos token.Position, ok bool) {
	raw := 0
	for i, ins := range p.Spec.Instructions {
		if raw > off {
			break
		}
		if raw == off || raw+int(ins.Width()) > off {
			if i < len(p.nodes) && p.nodes[i] != nil {
				n := p.nodes[i]
				return ast.String(n), p.src.Position(n.Pos()), true
			}
			return "", token.Position{}, false
		}
		raw += int(ins.Width())
	}
	return "", token.Position{}, false
}

// ClauseRef locates a clause compiled into a program, for error messages.
type ClauseRef struct {
	Index int            // clause index in the script
	Pos   token.Position // position of the clause's first probe description
	Desc  string         // the clause's probe descriptions as written
}

// Probe is what the compiler needs to know about a probe. runtime/provider's probes
// satisfy it through an adapter in the caller.
type Probe interface {
	// Info identifies the probe.
	Info() ProbeInfo
	// ProgramType, AttachType and AttachTo describe the program to load.
	ProgramType() ebpf.ProgramType
	AttachType() ebpf.AttachType
	AttachTo() string
	// LoadArg emits instructions leaving argN (as uint64) in dst, reading from the context
	// in ctx. R0–R5 may be clobbered.
	LoadArg(ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error)
	// Guard emits instructions that jump to skip when this firing is not the probe's
	// (nil when every firing is the probe's). R0–R5 may be clobbered.
	Guard(ctx asm.Register, skip string) (asm.Instructions, error)
	// Errno emits instructions leaving the D errno variable in dst.
	Errno(ctx, dst asm.Register) (asm.Instructions, error)
}
