// This file implements the map layout shared by all the programs of a script: the record
// ring buffer, the per-CPU drop counter, the state array and the globals array (both
// directly addressed), the per-CPU string scratch area, and one hash map per thread-local
// variable and associative array.
package compiler

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/record"
)

// Map names referenced by the generated instructions. The session creates the maps from
// Object.Maps and resolves the references by these names.
const (
	MapEvents  = record.RingMapName // BPF_MAP_TYPE_RINGBUF: clause records
	MapDrops   = record.DropMapName // per-CPU drop counters (runtime/consume)
	MapState   = "state"            // array[1]: the state word and walltimestamp's correction
	MapGlobals = "globals"          // array[1]: every global variable (absent without any)
	MapScratch = "scratch"          // per-CPU array[1]: string buffers and tuple keys
)

// State word values (uint32 at offset 0 of the state value: StateSize bytes, of which the
// session writes every one, but only the programs' exit() writes the state word; the
// globals are in a map of their own, so a state change never writes a global back). The
// session starts in
// StateWarmup, in which only BEGIN's clauses run (DTrace fires BEGIN before any other
// probe), moves to StateActive once BEGIN has fired, in which ordinary probes run, and to
// StateEnding to fire END, whose clauses run only then. exit() stores StateExiting, which
// stops every later clause, END's included.
const (
	StateActive  = 0
	StateExiting = 1
	StateEnding  = 2
	StateWarmup  = 3
)

// StateSize is the size of the state value: the state word, then at WallOffset
// walltimestamp's correction.
const StateSize = 16

// WallOffset is the offset in the state value of walltimestamp's correction: the session
// stores CLOCK_REALTIME − CLOCK_MONOTONIC there before BEGIN.
const WallOffset = 8

// resources accumulates the maps one script needs.
type resources struct {
	globalsSize int // bytes of the globals value used so far
	scratchSize int // largest per-program scratch use
	zerosSize   int // largest aggregation value, or strsize for unset string variables
	hashes      map[string]*ebpf.MapSpec
	order       []string
}

func newResources() *resources {
	return &resources{hashes: map[string]*ebpf.MapSpec{}}
}

// global reserves size bytes (8-aligned) in the globals value and returns the offset.
func (r *resources) global(size int) int {
	off := r.globalsSize
	r.globalsSize += (size + 7) &^ 7
	return off
}

// hash declares a hash map keyed by keySize bytes holding valueSize bytes.
func (r *resources) hash(name string, keySize, valueSize, entries int) *ebpf.MapSpec {
	if m, ok := r.hashes[name]; ok {
		return m
	}
	m := &ebpf.MapSpec{
		Name:       mapName(name),
		Type:       ebpf.Hash,
		KeySize:    uint32(keySize),
		ValueSize:  uint32(valueSize),
		MaxEntries: uint32(entries),
		Flags:      0,
	}
	r.hashes[name] = m
	r.order = append(r.order, name)
	return m
}

// mapName shortens a map name to the kernel's 15 usable bytes; references use the full
// name through Object.Maps' keys, so only diagnostics see this one.
func mapName(s string) string {
	out := make([]byte, 0, 15)
	for i := 0; i < len(s) && len(out) < 15; i++ {
		c := s[i]
		if c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			out = append(out, c)
		}
	}
	return string(out)
}

// specs returns every map the programs reference, by reference name.
func (r *resources) specs(bufSize int) (map[string]*ebpf.MapSpec, error) {
	drops, err := record.DropMapSpec()
	if err != nil {
		return nil, err
	}
	m := map[string]*ebpf.MapSpec{
		MapEvents: record.RingMapSpec(bufSize),
		MapDrops:  drops,
		MapState:  {Name: MapState, Type: ebpf.Array, KeySize: 4, ValueSize: StateSize, MaxEntries: 1},
	}
	if r.globalsSize > 0 {
		m[MapGlobals] = &ebpf.MapSpec{Name: MapGlobals, Type: ebpf.Array, KeySize: 4,
			ValueSize: uint32(r.globalsSize), MaxEntries: 1}
	}
	if r.scratchSize > 0 {
		m[MapScratch] = &ebpf.MapSpec{Name: MapScratch, Type: ebpf.PerCPUArray, KeySize: 4,
			ValueSize: uint32((r.scratchSize + 7) &^ 7), MaxEntries: 1}
	}
	if r.zerosSize > 0 {
		m[MapZeros] = &ebpf.MapSpec{Name: MapZeros, Type: ebpf.Array, KeySize: 4,
			ValueSize: uint32(r.zerosSize), MaxEntries: 1}
	}
	for _, name := range r.order {
		m[name] = r.hashes[name]
	}
	return m, nil
}

// emitDrop returns the instructions counting a lost record in the drop map, laid out for
// this machine's possible CPUs.
func emitDrop() asm.Instructions {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		ncpu = 1
	}
	return emit.Drop(ncpu)
}
