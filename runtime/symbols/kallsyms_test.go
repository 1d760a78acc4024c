package symbols

import (
	"os"
	"testing"

	"github.com/godtrace/godtrace/internal/testroot"
)

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
		testroot.Require(t, "reading kernel addresses from /proc/kallsyms (kptr_restrict)")
		t.Skip("/proc/kallsyms shows no addresses even to root (kptr_restrict=2)")
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
