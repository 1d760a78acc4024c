// This file implements the description of a type for the print() action:
// what DTrace reads from CTF, which the compiler builds from the checker's
// types and the runtime lays the traced bytes out by.

package record

// PKind is the kind of a PType, as CTF (here: BTF) kinds go.
type PKind uint8

// Type kinds for print().
const (
	PInt     PKind = iota + 1 // integers (Char for char, Signed)
	PFloat                    // float (4), double (8), long double (16)
	PPointer                  // pointers; Func if it points to a function
	PArray                    // Elem, Len
	PFunc                     // a function (printed like a function pointer)
	PStruct                   // Members
	PUnion                    // Members
	PEnum                     // Enums
	PForward                  // forward declaration
	PTypedef                  // Under is the named type
)

// PType describes a type for print(): what DTrace reads from CTF, which the
// compiler builds from BTF or from D's own types.
type PType struct {
	Kind   PKind
	Name   string // as DTrace names it: "int", "struct tcphdr", "char *", "char [16]", "string", "uint16_t"
	Size   int    // bytes
	Signed bool   // PInt
	Char   bool   // PInt: a (signed) char
	Func   bool   // PPointer: points to a function (printed as a symbol)
	Elem   *PType // PArray
	Len    int    // PArray
	Under  *PType // PTypedef
	// Members of a struct or union, in order.
	Members []PMember
	// Enumerators of an enum.
	Enums []PEnumerator
}

// PMember is a struct or union member.
type PMember struct {
	Name    string
	Type    *PType
	BitOff  int // offset from the start of the enclosing struct or union, in bits
	BitSize int // bitfield width, 0 if not a bitfield
}

// PEnumerator is one name of an enum.
type PEnumerator struct {
	Name  string
	Value int64
}

// Resolve strips typedefs: the type t names.
func (t *PType) Resolve() *PType {
	for t != nil && t.Kind == PTypedef {
		t = t.Under
	}
	return t
}
