// This file implements kernel types: D names such as `struct task_struct`,
// `loff_t` or the type of curthread are looked up in the running kernel's
// BTF (/sys/kernel/btf/vmlinux) through cilium/ebpf's btf package, and
// converted to D types on demand. The kernel's BTF is loaded lazily, the
// first time a script names a type D does not predefine, so scripts that
// use no kernel type pay nothing.

package types

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/cilium/ebpf/btf"
)

// Kernel resolves kernel type names through BTF. The zero value is not
// usable; use NewKernel. A Kernel is safe for concurrent use.
type Kernel struct {
	load  func() (*btf.Spec, error)
	once  sync.Once
	spec  *btf.Spec
	err   error
	mu    sync.Mutex // guards conv, order and named
	conv  map[btf.Type]Type
	order int
	named map[string]Type
}

// NewKernel returns a Kernel that calls load the first time a type is
// needed. A nil load uses btf.LoadKernelSpec (cached by cilium/ebpf).
func NewKernel(load func() (*btf.Spec, error)) *Kernel {
	if load == nil {
		load = btf.LoadKernelSpec
	}
	return &Kernel{load: load, conv: map[btf.Type]Type{}, order: 1000, named: map[string]Type{}}
}

var (
	defaultKernelOnce sync.Once
	defaultKernel     *Kernel
)

// DefaultKernel returns a process-wide Kernel over the running kernel's BTF.
func DefaultKernel() *Kernel {
	defaultKernelOnce.Do(func() { defaultKernel = NewKernel(nil) })
	return defaultKernel
}

// Loaded reports whether the kernel's BTF has been read.
func (k *Kernel) Loaded() bool { return k.spec != nil || k.err != nil }

// Spec returns the kernel's BTF, loading it on first use.
func (k *Kernel) Spec() (*btf.Spec, error) {
	k.once.Do(func() {
		k.spec, k.err = k.load()
		if k.err != nil {
			k.err = fmt.Errorf("kernel type information (BTF) unavailable: %w", k.err)
		}
	})
	return k.spec, k.err
}

// ErrUnknownType is returned (wrapped) when a type name is not defined.
var ErrUnknownType = errors.New("Unknown type name")

// Tagged resolves "struct NAME", "union NAME" or "enum NAME".
func (k *Kernel) Tagged(kw, name string) (Type, error) {
	spec, err := k.Spec()
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if t, ok := k.named[kw+" "+name]; ok {
		return t, nil
	}
	var t btf.Type
	switch kw {
	case "struct":
		var s *btf.Struct
		if err = spec.TypeByName(name, &s); err == nil {
			t = s
		}
	case "union":
		var s *btf.Union
		if err = spec.TypeByName(name, &s); err == nil {
			t = s
		}
	case "enum":
		var s *btf.Enum
		if err = spec.TypeByName(name, &s); err == nil {
			t = s
		}
	default:
		return nil, fmt.Errorf("invalid type keyword %s", kw)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", kw, name, ErrUnknownType)
	}
	d := k.convert(t)
	k.named[kw+" "+name] = d
	return d, nil
}

// Named resolves a kernel typedef (or base type) name such as "loff_t".
func (k *Kernel) Named(name string) (Type, error) {
	spec, err := k.Spec()
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if t, ok := k.named[name]; ok {
		return t, nil
	}
	var td *btf.Typedef
	if err := spec.TypeByName(name, &td); err == nil {
		k.named[name] = k.convert(td)
		return k.named[name], nil
	}
	var it *btf.Int
	if err := spec.TypeByName(name, &it); err == nil {
		k.named[name] = k.convert(it)
		return k.named[name], nil
	}
	return nil, fmt.Errorf("%s: %w", name, ErrUnknownType)
}

// Convert converts a BTF type into a D type. Struct members are converted
// when first asked for, so converting task_struct does not convert the
// kernel's whole type graph.
func (k *Kernel) Convert(t btf.Type) Type {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.convert(t)
}

func (k *Kernel) convert(t btf.Type) Type {
	if d, ok := k.conv[t]; ok {
		return d
	}
	var d Type
	switch t := t.(type) {
	case *btf.Void:
		d = Void
	case *btf.Int:
		d = k.convInt(t)
	case *btf.Pointer:
		p := &Pointer{}
		k.conv[t] = p
		p.Elem = k.convert(t.Target)
		return p
	case *btf.Array:
		a := &Array{Len: uint64(t.Nelems)}
		k.conv[t] = a
		a.Elem = k.convert(t.Type)
		return a
	case *btf.Struct:
		d = k.convStruct(t.Name, false, uint64(t.Size), t.Members)
	case *btf.Union:
		d = k.convStruct(t.Name, true, uint64(t.Size), t.Members)
	case *btf.Enum:
		e := &Enum{Name: t.Name, Bytes: uint64(t.Size)}
		for _, v := range t.Values {
			e.Values = append(e.Values, EnumValue{Name: v.Name, Value: int64(v.Value)})
		}
		d = e
	case *btf.Typedef:
		k.order++
		td := &Typedef{Name: t.Name, order: k.order}
		k.conv[t] = td
		td.Under = k.convert(t.Type)
		return td
	case *btf.Const:
		d = k.convert(t.Type)
	case *btf.Volatile:
		d = k.convert(t.Type)
	case *btf.Restrict:
		d = k.convert(t.Type)
	case *btf.TypeTag:
		d = k.convert(t.Type)
	case *btf.Fwd:
		d = &Forward{Name: t.Name, Union: t.Kind == btf.FwdUnion}
	case *btf.FuncProto:
		f := &Func{}
		k.conv[t] = f
		f.Return = k.convert(t.Return)
		for _, p := range t.Params {
			f.Params = append(f.Params, k.convert(p.Type))
		}
		return f
	case *btf.Func:
		d = k.convert(t.Type)
	case *btf.Float:
		// D has no floating-point arithmetic; keep the size so that
		// members after it and sizeof stay right.
		d = &Int{Name: t.Name, Bytes: int(t.Size), Signed: true}
	default:
		d = Invalid
	}
	k.conv[t] = d
	return d
}

func (k *Kernel) convInt(t *btf.Int) Type {
	signed := t.Encoding&btf.Signed != 0
	char := t.Encoding&btf.Char != 0 || t.Size == 1 && (t.Name == "char" || t.Name == "signed char" || t.Name == "unsigned char")
	// Kernel base types named like D's intrinsics are D's intrinsics, so
	// that "int" from BTF and "int" from a D cast are the same type.
	if p, ok := Predefined(t.Name).(*Int); ok && p.Bytes == int(t.Size) {
		return p
	}
	if p, err := IntType(strings.Fields(t.Name)); err == nil {
		if p, ok := p.(*Int); ok && p.Bytes == int(t.Size) && p.Signed == signed {
			return p
		}
	}
	k.order++
	return &Int{Name: t.Name, Bytes: int(t.Size), Signed: signed, Char: char, Bool: t.Encoding&btf.Bool != 0, order: k.order}
}

func (k *Kernel) convStruct(name string, union bool, size uint64, members []btf.Member) *Struct {
	s := &Struct{Name: name, Union: union, Bytes: size}
	s.load = func() []*Field {
		k.mu.Lock()
		defer k.mu.Unlock()
		fs := make([]*Field, 0, len(members))
		for _, m := range members {
			fs = append(fs, &Field{
				Name:    m.Name,
				Type:    k.convert(m.Type),
				Offset:  uint64(m.Offset),
				BitSize: uint64(m.BitfieldSize),
			})
		}
		return fs
	}
	return s
}

// IsType reports whether name is a kernel typedef or base type name
// (loff_t, u64, dev_t ...), for the parser's Options.IsType: it decides
// whether "(name)x" is a cast. It loads the kernel's BTF on first use and
// reports false when no BTF is available. A scoped name (mod`name) is
// looked up in D's own definitions for the "D" and "C" scopes (the
// parser knows the program's typedefs itself), else in the kernel's.
func (k *Kernel) IsType(name string) bool {
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
	_, err := k.Named(name)
	return err == nil
}
