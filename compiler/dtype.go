// This file implements the compiler's view of D types: what a value occupies and how it
// is extended, compared and printed. Every type is the checker's (Info.Types, the
// variables' types): the compiler infers none.
package compiler

import (
	"fmt"

	"github.com/godtrace/godtrace/dlang/ast"
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
	tInt  = dtype{kind: kInt, size: 4, signed: true, name: "int"}
	tVoid = dtype{kind: kVoid, name: "void"}
)

func (t dtype) isString() bool { return t.kind == kString }
func (t dtype) isInt() bool    { return t.kind == kInt || t.kind == kPtr }

// typeOf returns the checker's type of e. Its special types become what their calls
// record: the frames of stack(n) and ustack(n), which of sym(), func(), mod(), usym()...
func (c *compiler) typeOf(e ast.Expr) (dtype, error) {
	t := c.info.Types[e]
	call, _ := unparen(e).(*ast.CallExpr)
	switch t {
	case nil:
		return dtype{}, fmt.Errorf("%s has no type", ast.String(e))
	case types.StackType:
		user, frames, ok := c.stackCall(call)
		switch {
		case !ok:
			return dtype{}, fmt.Errorf("%s( ) is not supported yet", c.info.Calls[call].Name)
		case user:
			return dtype{kind: kUStack, size: 8 + 8*frames, name: "stack"}, nil
		}
		return dtype{kind: kStack, size: 8 * frames, name: "stack"}, nil
	case types.SymAddr:
		return dtype{kind: kSym, size: 8, name: c.info.Calls[call].Name}, nil
	case types.USymAddr:
		return dtype{kind: kUSym, size: 16, name: c.info.Calls[call].Name}, nil
	}
	return fromTypes(t, c.strsize)
}

func (c *compiler) stringType() dtype {
	return dtype{kind: kString, size: c.strsize, name: "string"}
}

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
