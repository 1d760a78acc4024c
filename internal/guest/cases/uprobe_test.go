//go:build guest

package cases

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
)

// TestUprobes: a uprobe on a Go binary's function fires once per call in the guest
// kernel, as the pid provider (issue 13) will use it: trigger's main.main, three runs.
func TestUprobes(t *testing.T) {
	bin := filepath.Join(os.Getenv("GODTRACE_TEST_BINDIR"), "trigger")
	counts, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.Array, KeySize: 4, ValueSize: 8, MaxEntries: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer counts.Close()
	insns := asm.Instructions{
		asm.LoadMapValue(asm.R1, 0, 0).WithReference("counts"),
		asm.Mov.Imm(asm.R2, 1),
		asm.StoreXAdd(asm.R1, asm.R2, asm.DWord),
		asm.Mov.Imm(asm.R0, 0),
		asm.Return(),
	}
	if err := insns.AssociateMap("counts", counts); err != nil {
		t.Fatal(err)
	}
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.Kprobe, Instructions: insns, License: "GPL"})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	defer prog.Close()
	ex, err := link.OpenExecutable(bin)
	if err != nil {
		t.Fatal(err)
	}
	up, err := ex.Uprobe("main.main", prog, nil)
	if err != nil {
		t.Fatalf("uprobe on %s main.main: %v", bin, err)
	}
	defer up.Close()
	const runs = 3
	for i := 0; i < runs; i++ {
		if out, err := exec.Command(bin, "getppid", "5").CombinedOutput(); err != nil {
			t.Fatalf("trigger: %v\n%s", err, out)
		}
	}
	var n uint64
	if err := counts.Lookup(uint32(0), &n); err != nil {
		t.Fatal(err)
	}
	if n != runs {
		t.Errorf("the uprobe on main.main fired %d times in %d runs, want %d", n, runs, runs)
	}
}
