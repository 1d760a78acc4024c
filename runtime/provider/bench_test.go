// This file implements benchmarks of the probe effect of a syscall probe
// on the traced call: dispatched through raw_syscalls versus the call's own
// tracepoint, and on an untraced call while the dispatcher is armed.

package provider

import (
	"os"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/internal/testroot"
)

// emptyClause loads a program returning 0 for p.
func emptyClause(b *testing.B, p *Probe) *ebpf.Program {
	b.Helper()
	prog, err := ebpf.NewProgram(p.ProgramSpec("empty", asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()}))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { prog.Close() })
	return prog
}

func BenchmarkSyscallProbe(b *testing.B) {
	testroot.Require(b, "tracing (tracefs, eBPF programs)")
	c, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open("/dev/zero")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	fd := int(f.Fd())
	buf := make([]byte, 1)
	read := func(b *testing.B) {
		for b.Loop() {
			unix.Read(fd, buf)
		}
	}
	getppid := func(b *testing.B) {
		for b.Loop() {
			unix.Syscall(unix.SYS_GETPPID, 0, 0, 0)
		}
	}
	ps, _ := c.Match("syscall", "", "read", "entry")
	p := ps[0]
	b.Run("none/read", read)
	b.Run("dispatched/read", func(b *testing.B) {
		q := asDispatched(p)
		l, err := q.Attach(emptyClause(b, q))
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		b.Run("traced", read)
		b.Run("untraced-getppid", getppid)
	})
	b.Run("tracepoint/read", func(b *testing.B) {
		q := p // a narrow enabling: the call's own tracepoint
		l, err := q.Attach(emptyClause(b, q))
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		b.Run("traced", read)
		b.Run("untraced-getppid", getppid)
	})
	b.Run("none/getppid", getppid)
}
