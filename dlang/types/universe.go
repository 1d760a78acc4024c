// This file implements D's predefined types: the C intrinsic integers of the
// LP64 data model and the typedefs D predefines (int8_t ... uint64_t,
// intptr_t, size_t, pid_t, id_t, uid_t, ...), and type lookup by name.

package types

import (
	"fmt"
	"strconv"
	"strings"
)

// Universe holds the predefined types.
var Universe = newUniverse()

// universe is the table of predefined types, in DTrace's definition order
// (the order breaks ties in Promote).
type universe struct {
	Char, SChar, UChar      *Int
	Short, UShort           *Int
	Int, UInt               *Int
	Long, ULong             *Int
	LongLong, ULongLong     *Int
	Bool                    *Int
	byName                  map[string]Type
	Int64, UInt64, SizeT    Type
	UInt32, UInt16, Int32   Type
	UIntPtr, IntPtr, PtrDif Type
}

func newUniverse() *universe {
	u := &universe{byName: map[string]Type{}}
	order := 0
	mk := func(name string, bytes int, signed, char bool) *Int {
		order++
		t := &Int{Name: name, Bytes: bytes, Signed: signed, Char: char, order: order}
		u.byName[name] = t
		return t
	}
	// LP64 intrinsics (_dtrace_intrinsics_64), in table order.
	u.byName["void"] = Void
	signedInt := mk("signed", 4, true, false)
	unsignedInt := mk("unsigned", 4, false, false)
	u.Char = mk("char", 1, true, true)
	u.Short = mk("short", 2, true, false)
	u.Int = mk("int", 4, true, false)
	u.Long = mk("long", 8, true, false)
	u.LongLong = mk("long long", 8, true, false)
	u.SChar = mk("signed char", 1, true, true)
	mk("signed short", 2, true, false)
	mk("signed int", 4, true, false)
	mk("signed long", 8, true, false)
	mk("signed long long", 8, true, false)
	u.UChar = mk("unsigned char", 1, false, true)
	u.UShort = mk("unsigned short", 2, false, false)
	u.UInt = mk("unsigned int", 4, false, false)
	u.ULong = mk("unsigned long", 8, false, false)
	u.ULongLong = mk("unsigned long long", 8, false, false)
	u.Bool = mk("_Bool", 1, false, false)
	u.Bool.Bool = true
	_, _ = signedInt, unsignedInt

	// D typedefs (_dtrace_typedefs_64), then the <sys/types.h> names D
	// scripts use for built-in variables (illumos spellings).
	order = 100
	td := func(name, under string) Type {
		order++
		t := &Typedef{Name: name, Under: u.byName[under], order: order}
		if t.Under == nil {
			panic("types: bad predefined typedef " + name)
		}
		u.byName[name] = t
		return t
	}
	td("int8_t", "signed char")
	td("int16_t", "short")
	u.Int32 = td("int32_t", "int")
	u.Int64 = td("int64_t", "long")
	u.IntPtr = td("intptr_t", "long")
	td("ssize_t", "long")
	td("uint8_t", "unsigned char")
	u.UInt16 = td("uint16_t", "unsigned short")
	u.UInt32 = td("uint32_t", "unsigned")
	u.UInt64 = td("uint64_t", "unsigned long")
	td("uchar_t", "unsigned char")
	td("ushort_t", "unsigned short")
	td("uint_t", "unsigned")
	td("ulong_t", "unsigned long")
	td("u_longlong_t", "unsigned long long")
	u.PtrDif = td("ptrdiff_t", "long")
	u.UIntPtr = td("uintptr_t", "unsigned long")
	u.SizeT = td("size_t", "unsigned long")
	td("id_t", "int")
	td("pid_t", "int")
	td("longlong_t", "long long")
	td("hrtime_t", "long long")
	td("off_t", "long")
	td("uid_t", "uint_t")
	td("gid_t", "uint_t")
	td("processorid_t", "int")
	td("psetid_t", "id_t")
	td("zoneid_t", "id_t")
	td("taskid_t", "id_t")
	td("projid_t", "id_t")
	td("ipaddr_t", "uint32_t")
	td("wchar_t", "int")
	td("caddr_t", "char")
	u.byName["caddr_t"].(*Typedef).Under = &Pointer{Elem: u.Char}
	u.byName["string"] = String
	return u
}

// Predefined returns the predefined type of the given name ("int",
// "unsigned long", "uint64_t", "string", "void") or nil.
func Predefined(name string) Type { return Universe.byName[name] }

// IntType returns the intrinsic integer type named by a list of C type
// specifier keywords in any order ("unsigned", "long", "long", "int"), or
// an error message naming the bad combination.
func IntType(words []string) (Type, error) {
	var nsigned, nunsigned, nshort, nlong, nchar, nint, nvoid int
	for _, w := range words {
		switch w {
		case "signed":
			nsigned++
		case "unsigned":
			nunsigned++
		case "short":
			nshort++
		case "long":
			nlong++
		case "char":
			nchar++
		case "int":
			nint++
		case "void":
			nvoid++
		case "const", "volatile", "restrict":
		default:
			return nil, fmt.Errorf("invalid type specifier %s", w)
		}
	}
	u := Universe
	if nvoid > 0 {
		if len(words) != nvoid {
			return nil, fmt.Errorf("invalid type combination")
		}
		return Void, nil
	}
	if nsigned+nunsigned > 1 || nint > 1 || nchar > 1 || nshort > 1 || nlong > 2 ||
		nchar > 0 && (nshort > 0 || nlong > 0 || nint > 0) || nshort > 0 && nlong > 0 {
		return nil, fmt.Errorf("invalid type combination")
	}
	uns := nunsigned > 0
	switch {
	case nchar > 0:
		if uns {
			return u.UChar, nil
		}
		if nsigned > 0 {
			return u.SChar, nil
		}
		return u.Char, nil
	case nshort > 0:
		if uns {
			return u.UShort, nil
		}
		return u.Short, nil
	case nlong == 2:
		if uns {
			return u.ULongLong, nil
		}
		return u.LongLong, nil
	case nlong == 1:
		if uns {
			return u.ULong, nil
		}
		return u.Long, nil
	}
	if uns {
		return u.UInt, nil
	}
	return u.Int, nil
}

// ParseType parses a type written as in a prototype string or a cast:
// "int", "unsigned long long", "const char *", "struct task_struct *",
// "uint64_t", "vmlinux`struct task_struct *". Names that D does not
// predefine are looked up in the kernel's types through k (which may be
// nil, in which case such names are unknown).
func ParseType(s string, k KernelTypes) (Type, error) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '`'); i >= 0 {
		s = s[i+1:] // module scoping: every kernel type is in vmlinux
	}
	// Trailing array dimensions, as tracepoint formats write them
	// ("char[16]", "u8 [6]"): outermost first.
	var dims []uint64
	for strings.HasSuffix(s, "]") {
		i := strings.LastIndexByte(s, '[')
		if i < 0 {
			return nil, fmt.Errorf("invalid type name %q", s)
		}
		n, err := strconv.ParseUint(strings.TrimSpace(s[i+1:len(s)-1]), 0, 64)
		if err != nil {
			return nil, fmt.Errorf("invalid array dimension in %q", s)
		}
		dims = append([]uint64{n}, dims...)
		s = strings.TrimSpace(s[:i])
	}
	nptr := 0
	for strings.HasSuffix(s, "*") {
		nptr++
		s = strings.TrimSpace(s[:len(s)-1])
	}
	var words []string
	user := false // the outermost pointer points into user memory
	for _, w := range strings.Fields(strings.ReplaceAll(s, "*", " * ")) {
		switch w {
		case "__user", "userland":
			user = true
			continue
		case "const", "volatile", "restrict",
			// sparse annotations in tracepoint formats
			"__kernel", "__rcu", "__iomem", "__force", "__percpu":
			continue
		case "*":
			nptr++
			continue
		}
		words = append(words, w)
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("empty type name")
	}
	var t Type
	var err error
	switch words[0] {
	case "struct", "union", "enum":
		if len(words) != 2 {
			return nil, fmt.Errorf("invalid type name %q", s)
		}
		if k == nil {
			return nil, fmt.Errorf("unknown type name %s %s", words[0], words[1])
		}
		t, err = k.Tagged(words[0], words[1])
	default:
		if len(words) == 1 {
			if p := Predefined(words[0]); p != nil {
				t = p
				break
			}
			if k != nil && !isIntWord(words[0]) {
				t, err = k.Named(words[0])
				break
			}
		}
		t, err = IntType(words)
	}
	if err != nil {
		return nil, err
	}
	for i := 0; i < nptr; i++ {
		t = &Pointer{Elem: t, User: user && i == nptr-1}
	}
	for i := len(dims) - 1; i >= 0; i-- {
		t = &Array{Elem: t, Len: dims[i]}
	}
	return t, nil
}

func isIntWord(w string) bool {
	switch w {
	case "signed", "unsigned", "short", "long", "char", "int", "void":
		return true
	}
	return false
}
