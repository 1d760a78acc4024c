// This file implements the layout of the current task that the built-in
// variables read.

package record

// TaskLayout is where the members the built-in variables read lie in the
// running kernel's struct task_struct: byte offsets, from the kernel's BTF
// (runtime/kernel.TaskLayout), never hard-coded.
type TaskLayout struct {
	RealParent     uint32 // real_parent, a struct task_struct * (ppid)
	Tgid           uint32 // tgid, 4 bytes (ppid: real_parent->tgid)
	Pid            uint32 // pid, 4 bytes
	SumExecRuntime uint32 // se.sum_exec_runtime, 8 bytes (vtimestamp)
	ExecStart      uint32 // se.exec_start, 8 bytes (vtimestamp)
}
