// This file implements the names and specs of the maps of the record path:
// the ring buffer, the drop counters and the vtimestamp offsets.

package record

import (
	"fmt"
	"os"

	"github.com/cilium/ebpf"
)

const (
	// RingMapName is the symbol by which clause programs refer to the ring
	// buffer.
	RingMapName = "godtrace_ring"
	// DropMapName is the symbol by which clause programs refer to the drop
	// counters.
	DropMapName = "godtrace_drops"
	// VtimeMapName is the symbol by which vtimestamp's code refers to the
	// per-CPU clock-offset map.
	VtimeMapName = "godtrace_vtime"
	// DefaultRingSize is the ring size used when none is given: DTrace's
	// default principal buffer size (bufsize=4m).
	DefaultRingSize = 4 << 20
	// VtimeStride is the distance in bytes between two CPUs' slots in the
	// vtimestamp offset map: one cache line each, so CPUs do not share
	// lines.
	VtimeStride = 64
)

// RingMapSpec returns the spec of the ring buffer. size is rounded up to a
// power of two of at least one page (DTrace's bufsize option); 0 or less
// means DefaultRingSize.
func RingMapSpec(size int) *ebpf.MapSpec {
	if size <= 0 {
		size = DefaultRingSize
	}
	n := os.Getpagesize()
	for n < size {
		n <<= 1
	}
	return &ebpf.MapSpec{Name: RingMapName, Type: ebpf.RingBuf, MaxEntries: uint32(n)}
}

// DropMapSpec returns the spec of the drop counters: one array element
// holding a uint64 per possible CPU.
func DropMapSpec() (*ebpf.MapSpec, error) {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return nil, fmt.Errorf("count possible CPUs: %w", err)
	}
	return &ebpf.MapSpec{
		Name:       DropMapName,
		Type:       ebpf.Array,
		KeySize:    4,
		ValueSize:  uint32(8 * ncpu),
		MaxEntries: 1,
	}, nil
}
