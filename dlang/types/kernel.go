// This file implements the checker's view of the kernel's types: D names
// such as `struct task_struct`, `loff_t` or the type of curthread, which D
// does not define itself, are resolved through a KernelTypes that the
// checker's caller supplies (the runtime fills one from the kernel's BTF:
// runtime/ktypes), so that the front end knows nothing of BPF.

package types

import (
	"errors"
	"strings"
	"sync/atomic"
)

// KernelTypes resolves the type names the kernel defines. Implementations
// are safe for concurrent use, return the same Type for the same name each
// time (identity matters to Identical), and wrap ErrUnknownType when the
// kernel has no type of that name. The checker asks only when a program
// names a type D does not predefine, uses curthread, or a probe argument of
// kernel type, so that other programs never make the implementation load
// anything.
type KernelTypes interface {
	// Tagged resolves "struct NAME", "union NAME" or "enum NAME"; kw is
	// the keyword.
	Tagged(kw, name string) (Type, error)
	// Named resolves a typedef or base type name such as "loff_t".
	Named(name string) (Type, error)
}

// ErrUnknownType is returned (wrapped) when a type name is not defined.
var ErrUnknownType = errors.New("Unknown type name")

// errNoKernel is what a checker given no KernelTypes says of kernel names.
var errNoKernel = errors.New("kernel type information unavailable: the checker was given none (Config.Kernel)")

// noKernel stands for a nil Config.Kernel.
type noKernel struct{}

func (noKernel) Tagged(kw, name string) (Type, error) { return nil, errNoKernel }
func (noKernel) Named(name string) (Type, error)      { return nil, errNoKernel }

// IsType reports whether name is a type name for the parser's
// Options.IsType, which decides whether "(name)x" is a cast: a type D
// predefines, or a kernel typedef or base type name (loff_t, u64, dev_t ...)
// that k knows. A scoped name (mod`name) is looked up in D's own
// definitions for the "D" and "C" scopes (the parser knows the program's
// typedefs itself), else in k. k may be nil.
func IsType(k KernelTypes, name string) bool {
	if i := strings.LastIndexByte(name, '`'); i >= 0 {
		mod := name[:i]
		name = name[i+1:]
		if userScope(mod) {
			return Predefined(name) != nil
		}
	}
	if Predefined(name) != nil {
		return true
	}
	if k == nil {
		return false
	}
	_, err := k.Named(name)
	return err == nil
}

// kernelOrder numbers the integer types and typedefs defined after D's own
// (DefineInt, DefineTypedef): in Promote, of two types of equal rank the one
// defined later wins, as in DTrace's type tables, where the kernel's types
// follow D's (900: translators' typedefs, 950: a program's).
var kernelOrder atomic.Int64

func init() { kernelOrder.Store(1000) }

// DefineInt returns a new integer type defined after D's own (a kernel base
// type that is not one of D's intrinsics).
func DefineInt(name string, bytes int, signed, char, isBool bool) *Int {
	return &Int{Name: name, Bytes: bytes, Signed: signed, Char: char, Bool: isBool, order: int(kernelOrder.Add(1))}
}

// DefineTypedef returns a new typedef defined after D's own (a kernel
// typedef). The caller sets Under, which lets a recursive type refer to the
// typedef before its underlying type is complete.
func DefineTypedef(name string) *Typedef {
	return &Typedef{Name: name, order: int(kernelOrder.Add(1))}
}

// NewLazyStruct returns a struct (or union) type whose members load calls
// for on first use (Fields), so that converting a kernel struct does not
// convert the kernel's whole type graph. load runs at most once.
func NewLazyStruct(name string, union bool, size uint64, load func() []*Field) *Struct {
	return &Struct{Name: name, Union: union, Bytes: size, load: load}
}
