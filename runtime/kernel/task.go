// This file implements the layout of struct task_struct that the compiler's
// built-in variable emitters take as data (compiler/emit).

package kernel

import (
	"fmt"

	"github.com/godtrace/godtrace/record"
)

// TaskLayout reads from the kernel's BTF the offsets in struct task_struct
// of the members the built-in variables read, checking their sizes.
func TaskLayout() (record.TaskLayout, error) {
	var l record.TaskLayout
	for _, f := range []struct {
		path string
		size uint32
		dst  *uint32
	}{
		{"real_parent", 8, &l.RealParent},
		{"tgid", 4, &l.Tgid},
		{"pid", 4, &l.Pid},
		{"se.sum_exec_runtime", 8, &l.SumExecRuntime},
		{"se.exec_start", 8, &l.ExecStart},
	} {
		m, err := Member("task_struct", f.path)
		if err != nil {
			return record.TaskLayout{}, err
		}
		if m.Size != f.size {
			return record.TaskLayout{}, fmt.Errorf("BTF member task_struct.%s: size %d, want %d", f.path, m.Size, f.size)
		}
		*f.dst = m.Offset
	}
	return l, nil
}
