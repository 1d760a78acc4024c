// This file keeps the names that moved to record and compiler/emit for the
// compiler alone, until it imports those itself (issue 10); nothing in
// runtime uses them.

package consume

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/record"
)

// Map names and specs: record's.
const (
	RingMapName     = record.RingMapName
	DropMapName     = record.DropMapName
	DefaultRingSize = record.DefaultRingSize
)

var (
	RingMapSpec = record.RingMapSpec
	DropMapSpec = record.DropMapSpec
)

// EmitDrop is compiler/emit's Drop for this machine's possible CPUs.
func EmitDrop() asm.Instructions {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		ncpu = 1
	}
	return emit.Drop(ncpu)
}
