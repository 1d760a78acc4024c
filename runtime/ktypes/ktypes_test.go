// This file implements the tests of the conversion of the kernel's BTF into
// D types, against this machine's kernel.

package ktypes

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cilium/ebpf/btf"

	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/internal/testroot"
)

func mustParse(t *testing.T, s string, k types.KernelTypes) types.Type {
	t.Helper()
	ty, err := types.ParseType(s, k)
	if err != nil {
		t.Fatalf("ParseType(%q): %v", s, err)
	}
	return ty
}

func kernelOrSkip(t testing.TB) *Types {
	if _, err := os.Stat("/sys/kernel/btf/vmlinux"); err != nil {
		t.Skipf("no kernel BTF: %v", err)
	}
	return Default()
}

func TestKernelTypes(t *testing.T) {
	k := kernelOrSkip(t)
	ts := mustParse(t, "struct task_struct *", k)
	if ts.String() != "struct task_struct *" {
		t.Fatalf("got %s", ts)
	}
	st := types.Resolve(types.Elem(ts)).(*types.Struct)
	rp := st.Field("real_parent")
	if rp == nil || rp.Type.String() != "struct task_struct *" || rp.ByteOffset() == 0 {
		t.Fatalf("real_parent: %+v", rp)
	}
	tgid := st.Field("tgid")
	if tgid == nil || tgid.Type.String() != "pid_t" || !types.IsSigned(tgid.Type) || tgid.Type.Size() != 4 {
		t.Fatalf("tgid: %+v", tgid)
	}
	comm := st.Field("comm")
	if comm == nil || !types.IsCharArray(comm.Type) {
		t.Fatalf("comm: %+v", comm)
	}
	// Cross-check offsets against cilium/ebpf's own accounting.
	spec, err := k.Spec()
	if err != nil {
		t.Fatal(err)
	}
	var bs *btf.Struct
	if err := spec.TypeByName("task_struct", &bs); err != nil {
		t.Fatal(err)
	}
	for _, m := range bs.Members {
		if m.Name == "tgid" && uint64(m.Offset) != tgid.Offset {
			t.Errorf("tgid offset %d, BTF says %d", tgid.Offset, m.Offset)
		}
	}
	// A member inside an anonymous union/struct: sched_entity's fields are
	// direct, but struct page has anonymous unions everywhere.
	pg := types.Resolve(mustParse(t, "struct page", k)).(*types.Struct)
	if f := pg.Field("flags"); f == nil {
		t.Error("struct page has no flags")
	}
	found := false
	for _, f := range pg.Fields() {
		if f.Name == "" {
			found = true
		}
	}
	if !found {
		t.Skip("struct page has no anonymous member on this kernel")
	}
	if f := pg.Field("lru"); f == nil {
		t.Error("struct page: lru (inside an anonymous union) not found")
	}
	// Typedefs and bit-fields.
	if lt := mustParse(t, "loff_t", k); lt.String() != "loff_t" || lt.Size() != 8 {
		t.Errorf("loff_t: %v", lt)
	}
	if _, err := types.ParseType("struct no_such_struct_godtrace", k); !errors.Is(err, types.ErrUnknownType) {
		t.Errorf("unknown struct: %v", err)
	}
	for _, name := range types.BuiltinFuncNames() {
		if _, err := types.LookupFunc(name).Sig(k); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestKernelLazy(t *testing.T) {
	calls := 0
	k := New(func() (*btf.Spec, error) { calls++; return nil, errors.New("no BTF here") })
	if _, err := types.ParseType("uint64_t", k); err != nil || calls != 0 {
		t.Fatalf("predefined type loaded BTF (%d calls, %v)", calls, err)
	}
	if _, err := types.ParseType("struct task_struct", k); err == nil || calls != 1 {
		t.Fatalf("kernel type: calls %d err %v", calls, err)
	}
	if k.Loaded() != true {
		t.Fatal("Loaded")
	}
}

func TestIsType(t *testing.T) {
	k := kernelOrSkip(t)
	for name, want := range map[string]bool{"loff_t": true, "u64": true, "uint64_t": true, "no_such_type_x": false, "task_struct": false} {
		if got := k.IsType(name); got != want {
			t.Errorf("IsType(%s) = %v", name, got)
		}
	}
}

// TestParseTypeTracepoint checks the spellings of tracepoint format files,
// which the probe catalogue passes through Config.ProbeArgs.
func TestParseTypeTracepoint(t *testing.T) {
	k := kernelOrSkip(t)
	for in, want := range map[string]string{
		"const char __user *":   "userland char *",
		"char __user *":         "userland char *",
		"userland char *":       "userland char *",
		"unsigned int":          "unsigned int",
		"long int":              "long",
		"size_t":                "size_t",
		"char[16]":              "char [16]",
		"int [2][3]":            "int [2][3]",
		"struct stat __user *":  "userland struct stat *",
		"umode_t":               "umode_t",
		"const char *const *":   "char **",
		"unsigned long long":    "unsigned long long",
		"vmlinux`struct file *": "struct file *",
	} {
		ty, err := types.ParseType(in, k)
		if err != nil || ty.String() != want {
			t.Errorf("types.ParseType(%q) = %v, %v; want %s", in, ty, err, want)
		}
	}
	if ty, _ := types.ParseType("int [2][3]", nil); ty.Size() != 24 {
		t.Errorf("int [2][3] has size %d", ty.Size())
	}
}

// TestSyscallFormatTypes parses the type of every field of every syscall
// tracepoint of this kernel, as the syscall provider reports them for
// args[].
func TestSyscallFormatTypes(t *testing.T) {
	k := kernelOrSkip(t)
	const dir = "/sys/kernel/tracing/events/syscalls"
	if _, err := os.Stat(dir); errors.Is(err, os.ErrPermission) {
		testroot.Require(t, "reading tracefs")
	}
	files, err := filepath.Glob(dir + "/sys_enter_*/format")
	if err != nil || len(files) == 0 {
		t.Skipf("no syscall tracepoints in %s: tracefs is not mounted (%v)", dir, err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			i := strings.Index(line, "field:")
			if i < 0 || strings.Contains(line, "common_") || strings.Contains(line, "__syscall_nr") {
				continue
			}
			decl := line[i+len("field:"):]
			decl = decl[:strings.IndexByte(decl, ';')]
			typ := strings.TrimSpace(decl[:strings.LastIndexAny(decl, " *")+1])
			if seen[typ] {
				continue
			}
			seen[typ] = true
			if _, err := types.ParseType(typ, k); err != nil {
				t.Errorf("%s: %q: %v", filepath.Base(filepath.Dir(f)), typ, err)
			}
		}
	}
	if len(seen) < 20 {
		t.Fatalf("only %d field types seen", len(seen))
	}
}
