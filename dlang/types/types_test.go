// This file tests the type model, predefined types and the built-in tables
// (the conversion of kernel types from BTF is tested in runtime/ktypes).

package types

import (
	"testing"
)

func mustParse(t *testing.T, s string, k KernelTypes) Type {
	t.Helper()
	ty, err := ParseType(s, k)
	if err != nil {
		t.Fatalf("ParseType(%q): %v", s, err)
	}
	return ty
}

func TestPredefinedSizes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		size   uint64
		signed bool
	}{
		{"char", 1, true}, {"signed char", 1, true}, {"unsigned char", 1, false},
		{"short", 2, true}, {"unsigned short", 2, false},
		{"int", 4, true}, {"unsigned int", 4, false}, {"unsigned", 4, false},
		{"long", 8, true}, {"unsigned long", 8, false},
		{"long long", 8, true}, {"unsigned long long", 8, false},
		{"int8_t", 1, true}, {"int16_t", 2, true}, {"int32_t", 4, true}, {"int64_t", 8, true},
		{"uint8_t", 1, false}, {"uint16_t", 2, false}, {"uint32_t", 4, false}, {"uint64_t", 8, false},
		{"intptr_t", 8, true}, {"uintptr_t", 8, false}, {"size_t", 8, false}, {"ssize_t", 8, true},
		{"pid_t", 4, true}, {"id_t", 4, true}, {"uid_t", 4, false}, {"gid_t", 4, false},
		{"processorid_t", 4, true}, {"psetid_t", 4, true}, {"zoneid_t", 4, true},
		{"taskid_t", 4, true}, {"projid_t", 4, true},
	} {
		ty := mustParse(t, tc.name, nil)
		if ty.Size() != tc.size || IsSigned(ty) != tc.signed || !IsInteger(ty) {
			t.Errorf("%s: size %d signed %v integer %v; want %d %v true",
				tc.name, ty.Size(), IsSigned(ty), IsInteger(ty), tc.size, tc.signed)
		}
		if ty.String() != tc.name {
			t.Errorf("%s prints as %q", tc.name, ty.String())
		}
	}
}

func TestIntTypeWords(t *testing.T) {
	for _, tc := range []struct {
		words []string
		want  string
	}{
		{[]string{"unsigned", "long", "long"}, "unsigned long long"},
		{[]string{"long", "unsigned", "int"}, "unsigned long"},
		{[]string{"short", "int"}, "short"},
		{[]string{"signed", "char"}, "signed char"},
		{[]string{"unsigned"}, "unsigned int"},
		{[]string{"long", "long", "int"}, "long long"},
	} {
		ty, err := IntType(tc.words)
		if err != nil || ty.String() != tc.want {
			t.Errorf("IntType(%v) = %v, %v; want %s", tc.words, ty, err, tc.want)
		}
	}
	for _, bad := range [][]string{{"short", "long"}, {"char", "int"}, {"signed", "unsigned"}, {"long", "long", "long"}} {
		if _, err := IntType(bad); err == nil {
			t.Errorf("IntType(%v) accepted", bad)
		}
	}
}

func TestPromote(t *testing.T) {
	for _, tc := range []struct{ l, r, want string }{
		{"int", "int", "int"},
		{"char", "char", "char"}, // D does not promote to int
		{"int", "long", "long"},
		{"int", "unsigned int", "unsigned int"},
		{"long", "unsigned int", "long"},
		{"uint64_t", "uint64_t", "uint64_t"},
		{"uint64_t", "int", "uint64_t"},
		{"unsigned long", "uint64_t", "uint64_t"}, // typedef defined later wins a tie
		{"uint64_t", "unsigned long", "uint64_t"},
		{"long", "long long", "long long"},
		{"int64_t", "uint64_t", "uint64_t"},
		{"pid_t", "int", "pid_t"},
	} {
		got := Promote(mustParse(t, tc.l, nil), mustParse(t, tc.r, nil))
		if got.String() != tc.want {
			t.Errorf("Promote(%s, %s) = %s, want %s", tc.l, tc.r, got, tc.want)
		}
	}
}

func TestTypeNames(t *testing.T) {
	c := Universe.Char
	for _, tc := range []struct {
		t    Type
		want string
	}{
		{&Pointer{Elem: c}, "char *"},
		{&Pointer{Elem: &Pointer{Elem: c}}, "char **"},
		{&Array{Elem: Universe.Int, Len: 16}, "int [16]"},
		{&Pointer{Elem: &Array{Elem: Universe.Int, Len: 4}}, "int (*)[4]"},
		{&Pointer{Elem: &Func{Return: Universe.Int}}, "int (*)(void)"},
		{&Pointer{Elem: NewStruct("task_struct", false, 0, nil)}, "struct task_struct *"},
		{String, "string"},
		{Void, "void"},
	} {
		if got := tc.t.String(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

func TestCompat(t *testing.T) {
	cp := &Pointer{Elem: Universe.Char}
	if !IsStrCompat(cp) || !IsStrCompat(String) || !IsStrCompat(&Array{Elem: Universe.Char, Len: 16}) {
		t.Error("char *, string and char [16] must be string-compatible")
	}
	if IsStrCompat(&Pointer{Elem: Universe.Int}) {
		t.Error("int * is not string-compatible")
	}
	if !Compatible(mustParse(t, "uint64_t", nil), Universe.ULong) {
		t.Error("uint64_t and unsigned long must be compatible")
	}
	if Compatible(Universe.Int, Universe.UInt) {
		t.Error("int and unsigned int are not compatible")
	}
	if !Compatible(mustParse(t, "int8_t", nil), Universe.Char) {
		t.Error("int8_t (signed char) and char must be compatible")
	}
	if !IsVoidOrFuncPtr(mustParse(t, "void *", nil)) || IsVoidOrFuncPtr(cp) {
		t.Error("IsVoidOrFuncPtr")
	}
}

// kernelProto are the built-ins whose prototypes name kernel types.
var kernelProto = map[string]bool{
	"d_path": true, "inet_ntoa6": true, "getmajor": true, "getminor": true,
	"mutex_owned": true, "mutex_owner": true, "mutex_type_adaptive": true,
	"mutex_type_spin": true, "rw_iswriter": true, "rw_read_held": true,
	"rw_write_held": true,
}

func TestProtos(t *testing.T) {
	for _, name := range BuiltinFuncNames() {
		b := LookupFunc(name)
		if kernelProto[name] {
			continue // name kernel types; tested with BTF below
		}
		s, err := b.Sig(nil)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if s.Result == nil {
			t.Errorf("%s: no result type", name)
		}
	}
	s, _ := LookupFunc("substr").Sig(nil)
	if len(s.Params) != 3 || s.Optargs != 2 || s.Varargs != -1 || !IsString(s.Result) {
		t.Errorf("substr: %+v", s)
	}
	s, _ = LookupFunc("printf").Sig(nil)
	if len(s.Params) != 2 || s.Varargs != 1 || !IsString(s.Params[0]) {
		t.Errorf("printf: %+v", s)
	}
	s, _ = LookupFunc("stack").Sig(nil)
	if s.Result != StackType || s.Optargs != 0 {
		t.Errorf("stack: %+v", s)
	}
	for _, v := range BuiltinVarNames() {
		bv := LookupVar(v)
		if bv.Array || bv.Name == "curthread" {
			continue
		}
		if _, err := ParseType(bv.TypeName, nil); err != nil {
			t.Errorf("built-in %s: %v", v, err)
		}
	}
	if tr := LookupTranslator("psinfo_t"); tr == nil || tr.Struct.Field("pr_pid") == nil ||
		tr.Struct.Field("pr_fname").Type.String() != "char [16]" {
		t.Error("psinfo_t translator")
	}
}

// FuzzParseType checks that any type name (probe argument types come from
// tracefs format files) parses or fails without panicking.
func FuzzParseType(f *testing.F) {
	for _, s := range []string{"int", "const char __user *", "char[16]", "struct task_struct *", "unsigned long long", "u8 [6]", "x`struct y", "[]", "*", "int [0x10]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ty, err := ParseType(s, nil)
		if err == nil && ty == nil {
			t.Fatalf("ParseType(%q): nil type and no error", s)
		}
		if ty != nil {
			_ = ty.String()
		}
	})
}
