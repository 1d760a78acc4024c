package format

import (
	"os"
	"strings"
	"testing"
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
	k, err := ParseKallsyms(strings.NewReader(kallsymsSample))
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

// TestKallsymsOfThisKernel resolves a real kernel function's address.
func TestKallsymsOfThisKernel(t *testing.T) {
	if _, err := os.Stat("/proc/kallsyms"); err != nil {
		t.Skipf("no /proc/kallsyms: %v", err)
	}
	k, err := LoadKallsyms()
	if err != nil {
		t.Fatal(err)
	}
	if k.Len() == 0 {
		t.Skip("/proc/kallsyms shows no addresses to this user (kptr_restrict); run as root")
	}
	a, ok := k.Lookup("vfs_read")
	if !ok {
		t.Fatal("vfs_read not in /proc/kallsyms")
	}
	s, ok := k.Kernel(a + 4)
	if !ok || s.Name != "vfs_read" || s.Offset != 4 || s.Module != KernelModule {
		t.Errorf("Kernel(vfs_read+4) = %+v, %v", s, ok)
	}
}
