// This file implements the D type model: integers with D's sizes and
// signedness, void, string, pointers, arrays, structs, unions, enums,
// typedefs, functions, and the special types of stack(), sym() and
// dynamic (untyped) variables.

package types

import (
	"fmt"
	"strings"
	"sync"
)

// A Type is a D type. Types are compared with Identical or Compatible, never
// with ==, except for the singletons (Void, StringType and the specials).
type Type interface {
	// String returns the type's name as DTrace spells it in messages
	// ("int", "unsigned long", "uint64_t", "char *", "struct task_struct *").
	String() string
	// Size returns the type's size in bytes (sizeof); 0 if unknown.
	Size() uint64
	aType()
}

// Int is an integer type: a C intrinsic (char, short, int, long, long long,
// their unsigned forms, _Bool) or, from BTF, a kernel integer.
type Int struct {
	Name   string // "int", "unsigned long", ...
	Bytes  int    // 1, 2, 4 or 8
	Signed bool
	Char   bool // char encoding: char, signed char, unsigned char
	Bool   bool // _Bool
	order  int  // position in DTrace's type table; breaks promotion ties
}

// VoidType is the type of void; it is a singleton, Void.
type VoidType struct{}

// StringKind is D's string type; it is a singleton, String. Its storage
// size is the strsize option (Config.StrSize, default 256).
type StringKind struct{}

// Pointer is a pointer type. User is set for pointers into user memory
// (DTrace's userland types: "char __user *" in a tracepoint format,
// pointers found through them): what they point to must be read with the
// user-memory helpers. DTrace names them "userland char *".
type Pointer struct {
	Elem Type
	User bool
}

// Array is a fixed-size (scalar) array type.
type Array struct {
	Elem Type
	Len  uint64
}

// Field is a member of a struct or union. Offset is in bits from the start
// of the outermost aggregate the member was found in (members of anonymous
// struct/union members are found with their offsets added up). BitSize is
// non-zero for bit-fields.
type Field struct {
	Name    string
	Type    Type
	Offset  uint64 // bits
	BitSize uint64 // bits; 0 unless a bit-field
}

// ByteOffset returns the byte offset of a field that is not a bit-field.
func (f *Field) ByteOffset() uint64 { return f.Offset / 8 }

// Struct is a struct or union type. Kernel structs come from BTF and their
// members are converted on first use.
type Struct struct {
	Name   string // tag, without "struct "; "" for anonymous
	Union  bool
	Bytes  uint64
	fields []*Field
	load   func() []*Field // lazily fills fields (BTF)
	once   sync.Once
	order  int
}

// Enum is an enumeration type.
type Enum struct {
	Name   string
	Bytes  uint64
	Values []EnumValue
}

// EnumValue is one enumerator.
type EnumValue struct {
	Name  string
	Value int64
}

// Typedef is a named alias; D keeps the name for messages ("uint64_t").
type Typedef struct {
	Name  string
	Under Type
	order int
}

// Func is a function type (from BTF: kernel function pointers).
type Func struct {
	Return Type
	Params []Type
}

// Forward is an incomplete struct or union (a BTF forward declaration).
type Forward struct {
	Name  string
	Union bool
}

// Special is one of the types that only D has.
type Special struct {
	name string
	size uint64
}

// The singletons.
var (
	Void       = &VoidType{}
	String     = &StringKind{}
	StackType  = &Special{"stack", 8} // result of stack(), ustack(), jstack()
	SymAddr    = &Special{"_symaddr", 8}
	USymAddr   = &Special{"_usymaddr", 8}
	Dynamic    = &Special{"dynamic variable", 0} // aggregations, untyped arrays
	Invalid    = &Special{"<invalid>", 0}        // the type of an expression in error
	DefaultStr = uint64(256)
)

func (*Int) aType()        {}
func (*VoidType) aType()   {}
func (*StringKind) aType() {}
func (*Pointer) aType()    {}
func (*Array) aType()      {}
func (*Struct) aType()     {}
func (*Enum) aType()       {}
func (*Typedef) aType()    {}
func (*Func) aType()       {}
func (*Forward) aType()    {}
func (*Special) aType()    {}

func (t *Int) String() string        { return t.Name }
func (t *VoidType) String() string   { return "void" }
func (t *StringKind) String() string { return "string" }
func (t *Typedef) String() string    { return t.Name }
func (t *Special) String() string    { return t.name }
func (t *Enum) String() string       { return "enum " + t.Name }
func (t *Forward) String() string {
	if t.Union {
		return "union " + t.Name
	}
	return "struct " + t.Name
}
func (t *Struct) String() string {
	kw := "struct"
	if t.Union {
		kw = "union"
	}
	if t.Name == "" {
		return kw + " (anon)"
	}
	return kw + " " + t.Name
}
func (t *Pointer) String() string {
	if t.User {
		return "userland " + declString(t, "")
	}
	return declString(t, "")
}
func (t *Array) String() string { return declString(t, "") }
func (t *Func) String() string  { return declString(t, "") }

// declString spells a derived type C-style around an inner declarator, as
// ctf_type_name does: "char *", "int [16]", "int (*)(void)".
func declString(t Type, inner string) string {
	switch t := t.(type) {
	case *Pointer:
		switch Resolve(t.Elem).(type) {
		case *Array, *Func:
			return declString(t.Elem, "(*"+inner+")")
		}
		return declString(t.Elem, "*"+inner)
	case *Array:
		return declString(t.Elem, inner+fmt.Sprintf("[%d]", t.Len))
	case *Func:
		var ps []string
		for _, p := range t.Params {
			ps = append(ps, p.String())
		}
		if len(ps) == 0 {
			ps = []string{"void"}
		}
		return declString(t.Return, inner+"("+strings.Join(ps, ", ")+")")
	}
	if inner == "" {
		return t.String()
	}
	return t.String() + " " + inner
}

func (t *Int) Size() uint64        { return uint64(t.Bytes) }
func (t *VoidType) Size() uint64   { return 0 }
func (t *StringKind) Size() uint64 { return DefaultStr }
func (t *Pointer) Size() uint64    { return 8 }
func (t *Array) Size() uint64      { return t.Len * t.Elem.Size() }
func (t *Struct) Size() uint64     { return t.Bytes }
func (t *Enum) Size() uint64       { return t.Bytes }
func (t *Typedef) Size() uint64    { return t.Under.Size() }
func (t *Func) Size() uint64       { return 0 }
func (t *Forward) Size() uint64    { return 0 }
func (t *Special) Size() uint64    { return t.size }

// Fields returns the struct's direct members (anonymous members included as
// themselves), converting them from BTF on first use.
func (t *Struct) Fields() []*Field {
	if t.load != nil {
		t.once.Do(func() { t.fields = t.load() })
	}
	return t.fields
}

// Field finds a member by name, descending into anonymous struct and union
// members as C does; the returned Field's Offset is relative to t.
func (t *Struct) Field(name string) *Field {
	for _, f := range t.Fields() {
		if f.Name == name {
			return f
		}
	}
	for _, f := range t.Fields() {
		if f.Name != "" {
			continue
		}
		if s, ok := Resolve(f.Type).(*Struct); ok {
			if inner := s.Field(name); inner != nil {
				c := *inner
				c.Offset += f.Offset
				return &c
			}
		}
	}
	return nil
}

// NewStruct returns a struct (or union) type with the given members.
func NewStruct(name string, union bool, size uint64, fields []*Field) *Struct {
	return &Struct{Name: name, Union: union, Bytes: size, fields: fields}
}

// Resolve strips typedefs and returns the underlying type.
func Resolve(t Type) Type {
	for {
		td, ok := t.(*Typedef)
		if !ok {
			return t
		}
		t = td.Under
	}
}

// IsInteger reports whether t is an integer or enum type (not void).
func IsInteger(t Type) bool {
	switch Resolve(t).(type) {
	case *Int, *Enum:
		return true
	}
	return false
}

// IsArith reports whether t is an arithmetic type (D has no floating point
// arithmetic, so this is IsInteger).
func IsArith(t Type) bool { return IsInteger(t) }

// IsPointer reports whether t is a pointer or array (not string).
func IsPointer(t Type) bool {
	switch Resolve(t).(type) {
	case *Pointer, *Array:
		return true
	}
	return false
}

// IsScalar reports whether t is an integer, enum or pointer.
func IsScalar(t Type) bool {
	switch Resolve(t).(type) {
	case *Int, *Enum, *Pointer:
		return true
	}
	return false
}

// IsString reports whether t is D's string type.
func IsString(t Type) bool { return Resolve(t) == String }

// IsVoid reports whether t is void.
func IsVoid(t Type) bool { return Resolve(t) == Void }

// IsStruct reports whether t is a struct or union.
func IsStruct(t Type) bool {
	_, ok := Resolve(t).(*Struct)
	return ok
}

// IsSigned reports whether t is a signed integer.
func IsSigned(t Type) bool {
	switch r := Resolve(t).(type) {
	case *Int:
		return r.Signed
	case *Enum:
		return true
	}
	return false
}

// IsStrCompat reports whether t can be used where a string is expected:
// string, char * and char [] (dt_node_is_strcompat).
func IsStrCompat(t Type) bool {
	switch r := Resolve(t).(type) {
	case *StringKind:
		return true
	case *Pointer:
		return isChar(r.Elem)
	case *Array:
		return isChar(r.Elem)
	}
	return false
}

// IsCharArray reports whether t is char [N].
func IsCharArray(t Type) bool {
	a, ok := Resolve(t).(*Array)
	return ok && isChar(a.Elem)
}

func isChar(t Type) bool {
	i, ok := Resolve(t).(*Int)
	return ok && i.Char
}

// IsVoidOrFuncPtr reports whether t is a pointer to void or to a function
// (dt_node_is_vfptr): such pointers have no element size.
func IsVoidOrFuncPtr(t Type) bool {
	p, ok := Resolve(t).(*Pointer)
	if !ok {
		return false
	}
	switch Resolve(p.Elem).(type) {
	case *VoidType, *Func:
		return true
	}
	return false
}

// Elem returns the element type of a pointer or array, or nil.
func Elem(t Type) Type {
	switch r := Resolve(t).(type) {
	case *Pointer:
		return r.Elem
	case *Array:
		return r.Elem
	}
	return nil
}

// Identical reports whether two types are the same type, typedef names
// included (ctf_type_cmp).
func Identical(a, b Type) bool {
	if a == b {
		return true
	}
	switch a := a.(type) {
	case *Typedef:
		b, ok := b.(*Typedef)
		return ok && a.Name == b.Name && Identical(a.Under, b.Under)
	case *Int:
		b, ok := b.(*Int)
		return ok && a.Name == b.Name && a.Bytes == b.Bytes && a.Signed == b.Signed
	case *Pointer:
		b, ok := b.(*Pointer)
		return ok && Identical(a.Elem, b.Elem)
	case *Array:
		b, ok := b.(*Array)
		return ok && a.Len == b.Len && Identical(a.Elem, b.Elem)
	case *Struct:
		b, ok := b.(*Struct)
		return ok && a.Union == b.Union && a.Name != "" && a.Name == b.Name && a.Bytes == b.Bytes
	case *Enum:
		b, ok := b.(*Enum)
		return ok && a.Name != "" && a.Name == b.Name
	case *Forward:
		b, ok := b.(*Forward)
		return ok && a.Name == b.Name && a.Union == b.Union
	case *Func:
		b, ok := b.(*Func)
		if !ok || len(a.Params) != len(b.Params) || !Identical(a.Return, b.Return) {
			return false
		}
		for i := range a.Params {
			if !Identical(a.Params[i], b.Params[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// Compatible reports whether two types are compatible in C's sense after
// typedefs are resolved (ctf_type_compat): same kind, same integer encoding,
// compatible pointees, same tags.
func Compatible(a, b Type) bool {
	a, b = Resolve(a), Resolve(b)
	if a == b {
		return true
	}
	switch a := a.(type) {
	case *Int:
		b, ok := b.(*Int)
		return ok && a.Bytes == b.Bytes && a.Signed == b.Signed && a.Char == b.Char && a.Bool == b.Bool
	case *Pointer:
		b, ok := b.(*Pointer)
		return ok && Compatible(a.Elem, b.Elem)
	case *Array:
		b, ok := b.(*Array)
		return ok && a.Len == b.Len && Compatible(a.Elem, b.Elem)
	case *Struct:
		switch b := b.(type) {
		case *Struct:
			return a.Union == b.Union && a.Name != "" && a.Name == b.Name
		case *Forward:
			return a.Union == b.Union && a.Name == b.Name
		}
	case *Forward:
		switch b := b.(type) {
		case *Struct:
			return a.Union == b.Union && a.Name == b.Name
		case *Forward:
			return a.Union == b.Union && a.Name == b.Name
		}
	case *Enum:
		b, ok := b.(*Enum)
		return ok && a.Name != "" && a.Name == b.Name
	case *Func:
		return Identical(a, b)
	}
	return false
}

// intOf returns the integer view of t for promotion (enums are int).
func intOf(t Type) *Int {
	switch r := Resolve(t).(type) {
	case *Int:
		return r
	case *Enum:
		return Universe.Int
	}
	return nil
}

func orderOf(t Type) int {
	switch t := t.(type) {
	case *Typedef:
		return t.order
	case *Int:
		return t.order
	case *Enum:
		return Universe.Int.order
	}
	return 0
}

// Promote performs D's usual arithmetic conversions on two integer operand
// types and returns the result type (dt_type_promote): each type gets a rank
// of its width in bits plus one if unsigned; the higher rank wins, and on a
// tie the type defined later in DTrace's type tables wins (so a typedef such
// as uint64_t beats its base unsigned long). Unlike C, types narrower than
// int are not promoted to int. Enums count as int.
func Promote(l, r Type) Type {
	li, ri := intOf(l), intOf(r)
	if li == nil || ri == nil {
		return Invalid
	}
	rank := func(i *Int) int {
		n := i.Bytes * 8
		if !i.Signed {
			n++
		}
		return n
	}
	if _, ok := Resolve(l).(*Enum); ok {
		l = Universe.Int
	}
	if _, ok := Resolve(r).(*Enum); ok {
		r = Universe.Int
	}
	lr, rr := rank(li), rank(ri)
	switch {
	case lr > rr:
		return l
	case lr < rr:
		return r
	case orderOf(l) < orderOf(r):
		return r
	}
	return l
}

// PointerTo returns a pointer to t.
func PointerTo(t Type) Type { return &Pointer{Elem: t} }

// IsUser reports whether t is a pointer into user memory.
func IsUser(t Type) bool {
	p, ok := Resolve(t).(*Pointer)
	return ok && p.User
}

// userPtr returns t as a user-memory pointer if it is a pointer.
func userPtr(t Type) Type {
	if p, ok := Resolve(t).(*Pointer); ok && !p.User {
		return &Pointer{Elem: p.Elem, User: true}
	}
	return t
}
