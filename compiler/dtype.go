// This file implements the compiler's view of D types: what a value occupies and how it
// is extended, compared and printed. Types come from the checker's Info when it has one for
// a node, and otherwise from a small inference over literals, built-in variables and the
// first assignment of each variable (what the slice's scripts need).
package compiler

import (
	"fmt"

	"github.com/godtrace/godtrace/dlang/types"
)

type kind int

const (
	kInt kind = iota
	kPtr
	kString
	kVoid
	kStack  // stack(): frames × 8 bytes of kernel PCs
	kUStack // ustack(): the pid (8 bytes), then frames × 8 bytes of user PCs
	kSym    // sym(), func(), mod(): a kernel address (8 bytes); name is the function
	kUSym   // usym(), ufunc(), umod(), uaddr(): the pid, then a user address (16 bytes)
)

// dtype is a D type as the code generator sees it.
type dtype struct {
	kind   kind
	size   int // bytes: 1, 2, 4, 8 for integers; strsize for strings
	signed bool
	name   string
	// slot is the bytes a string key occupies in a packed key when smaller than strsize
	// (an aggregation key whose values are known to be short: aggfunc.go's strKeySlot).
	slot int
}

var (
	tInt    = dtype{kind: kInt, size: 4, signed: true, name: "int"}
	tUint   = dtype{kind: kInt, size: 4, name: "unsigned int"}
	tLong   = dtype{kind: kInt, size: 8, signed: true, name: "long"}
	tUlong  = dtype{kind: kInt, size: 8, name: "unsigned long"}
	tInt64  = dtype{kind: kInt, size: 8, signed: true, name: "int64_t"}
	tUint64 = dtype{kind: kInt, size: 8, name: "uint64_t"}
	tVoid   = dtype{kind: kVoid, name: "void"}
)

func (t dtype) isString() bool { return t.kind == kString }
func (t dtype) isInt() bool    { return t.kind == kInt || t.kind == kPtr }

// fromTypes converts a checker type.
func fromTypes(t types.Type, strsize int) (dtype, error) {
	name := t.String()
	switch u := types.Resolve(t).(type) {
	case *types.Int:
		return dtype{kind: kInt, size: u.Bytes, signed: u.Signed, name: name}, nil
	case *types.Enum:
		return dtype{kind: kInt, size: int(u.Bytes), signed: true, name: name}, nil
	case *types.Pointer:
		return dtype{kind: kPtr, size: 8, name: name}, nil
	case *types.StringKind:
		return dtype{kind: kString, size: strsize, name: "string"}, nil
	case *types.VoidType:
		return tVoid, nil
	case *types.Array:
		if types.IsCharArray(u) {
			return dtype{kind: kString, size: int(u.Len), name: name}, nil
		}
	}
	return dtype{}, fmt.Errorf("values of type %s are not supported yet", name)
}

// promote applies C's usual arithmetic conversions to two integer types.
func promote(a, b dtype) dtype {
	if a.size < 4 {
		a = tInt
	}
	if b.size < 4 {
		b = tInt
	}
	if a.size != b.size {
		if a.size > b.size {
			return a
		}
		return b
	}
	if !a.signed {
		return a
	}
	return b
}

// intLitType gives an integer constant its C type from its value and suffix.
func intLitType(v uint64, base int, suffix string) dtype {
	unsigned := false
	long := false
	for _, c := range suffix {
		switch c {
		case 'u':
			unsigned = true
		case 'l':
			long = true
		}
	}
	switch {
	case !long && !unsigned && v <= 1<<31-1:
		return tInt
	case !long && (unsigned || base != 10) && v <= 1<<32-1:
		return tUint
	case !unsigned && v <= 1<<63-1:
		return tLong
	}
	return tUlong
}
