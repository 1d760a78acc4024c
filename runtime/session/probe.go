// This file implements the adapter between runtime/provider's probes and the compiler's
// view of a probe.
package session

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/runtime/provider"
)

// Probe presents a catalogue probe to the compiler.
type Probe struct{ P *provider.Probe }

// Probes adapts a list of catalogue probes.
func Probes(ps []*provider.Probe) []compiler.Probe {
	out := make([]compiler.Probe, len(ps))
	for i, p := range ps {
		out[i] = Probe{p}
	}
	return out
}

// Info identifies the probe.
func (p Probe) Info() compiler.ProbeInfo {
	return compiler.ProbeInfo{ID: p.P.ID, Provider: p.P.Provider, Module: p.P.Module,
		Function: p.P.Function, Name: p.P.Name}
}

// ProgramType is the type of the probe's programs.
func (p Probe) ProgramType() ebpf.ProgramType { return p.P.ProgramType }

// AttachType is the attach type of the probe's programs.
func (p Probe) AttachType() ebpf.AttachType { return p.P.AttachType }

// AttachTo is the attach target of the probe's programs (tp_btf).
func (p Probe) AttachTo() string { return p.P.AttachTo }

// LoadArg emits argN's load (see provider.Probe.LoadArg).
func (p Probe) LoadArg(ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	return p.P.LoadArg(ctx, n, dst)
}

// Guard emits the probe's guard (see provider.Probe.Guard).
func (p Probe) Guard(ctx asm.Register, skip string) (asm.Instructions, error) {
	return p.P.Guard(ctx, skip)
}

// Errno emits the errno variable's load (see provider.Probe.Errno).
func (p Probe) Errno(ctx, dst asm.Register) (asm.Instructions, error) {
	return p.P.Errno(ctx, dst)
}
