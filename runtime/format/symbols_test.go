// This file implements the tests of symbol printing through runtime/symbols'
// lookups: a kallsyms table and this process's own symbols.

package format

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/runtime/symbols"
)

const kallsymsSample = `ffffffff81000000 T _stext
ffffffff81000000 t _text_local
ffffffff81000100 T vfs_read
ffffffff81000180 t helper
0000000000000000 A fixed_percpu_data
ffffffff82000000 D jiffies
ffffffffc0001000 t ext4_file_read_iter	[ext4]
ffffffffc0001100 t ext4_end	[ext4]
`

func TestParseKallsyms(t *testing.T) {
	k, err := symbols.ParseKallsyms(strings.NewReader(kallsymsSample))
	if err != nil {
		t.Fatal(err)
	}
	env := NewEnv(k)
	for _, tc := range []struct {
		addr uint64
		want string
	}{
		{0xffffffff81000000, "kernel`_stext"},
		{0xffffffff81000105, "kernel`vfs_read+0x5"},
		{0xffffffff81000190, "kernel`helper+0x10"},
		{0xffffffff82000008, "kernel`jiffies+0x8"},
		{0xffffffffc0001010, "ext4`ext4_file_read_iter+0x10"},
		{0xffffffff80000000, "0xffffffff80000000"},
	} {
		if got := kernelAddr(env.sym(), tc.addr); got != tc.want {
			t.Errorf("%#x: got %q, want %q", tc.addr, got, tc.want)
		}
	}
	if a, ok := k.Lookup("vfs_read"); !ok || a != 0xffffffff81000100 {
		t.Errorf("Lookup(vfs_read) = %#x, %v", a, ok)
	}
	// sym() drops the offset; mod() prints the module.
	if got := symbolText(Value{Kind: KindSym, Bits: 0xffffffffc0001010}, env); got != "ext4`ext4_file_read_iter" {
		t.Errorf("sym: %q", got)
	}
	if got := symbolText(Value{Kind: KindMod, Bits: 0xffffffffc0001010}, env); got != "ext4" {
		t.Errorf("mod: %q", got)
	}
}

//go:noinline
func symbolizeMe(x int) int { return x*3 + 1 }

// TestProcSymbolsSelf resolves a function of this test binary in this
// process, and an address of no mapping.
func TestProcSymbolsSelf(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	pc := uint64(reflect.ValueOf(symbolizeMe).Pointer())
	p := symbols.NewProc(nil)
	pid := uint32(os.Getpid())
	s, ok := p.User(pid, pc+2)
	if !ok {
		t.Fatalf("no mapping for %#x in pid %d", pc, pid)
	}
	if s.Module != filepath.Base(exe) || !strings.HasSuffix(s.Name, ".symbolizeMe") || s.Offset != 2 {
		t.Errorf("User(symbolizeMe+2) = %+v (executable %s)", s, filepath.Base(exe))
	}
	env := NewEnv(p)
	got := TraceString(UStack(pid, pc, 0), env)
	want := "\n" + strings.Repeat(" ", 14) + filepath.Base(exe) + "`" + s.Name + "\n"
	if got != want {
		t.Errorf("ustack: got %q, want %q", got, want)
	}
	if _, ok := p.User(pid, 8); ok {
		t.Errorf("address 8 resolved")
	}
	// A process that does not exist: raw addresses.
	if got := userAddr(p, 1<<30, 0x1234); got != "0x1234" {
		t.Errorf("dead process: %q", got)
	}
}
