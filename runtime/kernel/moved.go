// This file keeps the emitter that moved to compiler/emit for the compiler
// alone, until it takes the task layout as data itself (issue 10); nothing in
// runtime uses it.

package kernel

import (
	"fmt"

	"github.com/cilium/ebpf"

	"github.com/godtrace/godtrace/compiler/emit"
)

// Emitter is compiler/emit's Task.
type Emitter = emit.Task

// NewEmitter returns compiler/emit's Task over this kernel's TaskLayout.
func NewEmitter() (*Emitter, error) {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return nil, fmt.Errorf("count possible CPUs: %w", err)
	}
	l, err := TaskLayout()
	if err != nil {
		return nil, err
	}
	return emit.NewTask(l, ncpu), nil
}
