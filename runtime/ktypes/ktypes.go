// Package ktypes gives the D checker the running kernel's types: it
// implements dlang/types' KernelTypes by converting the kernel's BTF
// (through cilium/ebpf/btf) into D types on demand. The BTF is loaded the
// first time a type is asked for, from runtime/kernel's shared copy unless
// New is given another source, so scripts that use no kernel type pay
// nothing. Struct members are converted when first asked for, so converting
// task_struct does not convert the kernel's whole type graph. A Types is
// safe for concurrent use; Default is shared by the process.
package ktypes

import (
	"fmt"
	"strings"
	"sync"

	"github.com/cilium/ebpf/btf"

	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// Types resolves kernel type names through BTF. The zero value is not
// usable; use New or Default.
type Types struct {
	load  func() (*btf.Spec, error)
	once  sync.Once
	spec  *btf.Spec
	err   error
	mu    sync.Mutex // guards conv and named
	conv  map[btf.Type]types.Type
	named map[string]types.Type
}

var _ types.KernelTypes = (*Types)(nil)

// New returns a Types that calls load the first time a type is needed. A
// nil load uses kernel.Spec (the running kernel's BTF, parsed once per
// process and shared with the program loaders).
func New(load func() (*btf.Spec, error)) *Types {
	if load == nil {
		load = kernel.Spec
	}
	return &Types{load: load, conv: map[btf.Type]types.Type{}, named: map[string]types.Type{}}
}

var (
	defaultOnce  sync.Once
	defaultTypes *Types
)

// Default returns the process-wide Types over the running kernel's BTF.
func Default() *Types {
	defaultOnce.Do(func() { defaultTypes = New(nil) })
	return defaultTypes
}

// Loaded reports whether the kernel's BTF has been read.
func (k *Types) Loaded() bool { return k.spec != nil || k.err != nil }

// Spec returns the kernel's BTF, loading it on first use.
func (k *Types) Spec() (*btf.Spec, error) {
	k.once.Do(func() {
		k.spec, k.err = k.load()
		if k.err != nil {
			k.err = fmt.Errorf("kernel type information (BTF) unavailable: %w", k.err)
		}
	})
	return k.spec, k.err
}

// IsType reports whether name is a type name (types.IsType over k), for the
// parser's Options.IsType.
func (k *Types) IsType(name string) bool { return types.IsType(k, name) }

// Tagged resolves "struct NAME", "union NAME" or "enum NAME".
func (k *Types) Tagged(kw, name string) (types.Type, error) {
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
		return nil, fmt.Errorf("%s %s: %w", kw, name, types.ErrUnknownType)
	}
	d := k.convert(t)
	k.named[kw+" "+name] = d
	return d, nil
}

// Named resolves a kernel typedef (or base type) name such as "loff_t".
func (k *Types) Named(name string) (types.Type, error) {
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
	return nil, fmt.Errorf("%s: %w", name, types.ErrUnknownType)
}

// Convert converts a BTF type into a D type. Struct members are converted
// when first asked for, so converting task_struct does not convert the
// kernel's whole type graph.
func (k *Types) Convert(t btf.Type) types.Type {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.convert(t)
}

func (k *Types) convert(t btf.Type) types.Type {
	if d, ok := k.conv[t]; ok {
		return d
	}
	var d types.Type
	switch t := t.(type) {
	case *btf.Void:
		d = types.Void
	case *btf.Int:
		d = k.convInt(t)
	case *btf.Pointer:
		p := &types.Pointer{}
		k.conv[t] = p
		p.Elem = k.convert(t.Target)
		return p
	case *btf.Array:
		a := &types.Array{Len: uint64(t.Nelems)}
		k.conv[t] = a
		a.Elem = k.convert(t.Type)
		return a
	case *btf.Struct:
		d = k.convStruct(t.Name, false, uint64(t.Size), t.Members)
	case *btf.Union:
		d = k.convStruct(t.Name, true, uint64(t.Size), t.Members)
	case *btf.Enum:
		e := &types.Enum{Name: t.Name, Bytes: uint64(t.Size)}
		for _, v := range t.Values {
			e.Values = append(e.Values, types.EnumValue{Name: v.Name, Value: int64(v.Value)})
		}
		d = e
	case *btf.Typedef:
		td := types.DefineTypedef(t.Name)
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
		d = &types.Forward{Name: t.Name, Union: t.Kind == btf.FwdUnion}
	case *btf.FuncProto:
		f := &types.Func{}
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
		d = &types.Int{Name: t.Name, Bytes: int(t.Size), Signed: true}
	default:
		d = types.Invalid
	}
	k.conv[t] = d
	return d
}

func (k *Types) convInt(t *btf.Int) types.Type {
	signed := t.Encoding&btf.Signed != 0
	char := t.Encoding&btf.Char != 0 || t.Size == 1 && (t.Name == "char" || t.Name == "signed char" || t.Name == "unsigned char")
	// Kernel base types named like D's intrinsics are D's intrinsics, so
	// that "int" from BTF and "int" from a D cast are the same type.
	if p, ok := types.Predefined(t.Name).(*types.Int); ok && p.Bytes == int(t.Size) {
		return p
	}
	if p, err := types.IntType(strings.Fields(t.Name)); err == nil {
		if p, ok := p.(*types.Int); ok && p.Bytes == int(t.Size) && p.Signed == signed {
			return p
		}
	}
	return types.DefineInt(t.Name, int(t.Size), signed, char, t.Encoding&btf.Bool != 0)
}

func (k *Types) convStruct(name string, union bool, size uint64, members []btf.Member) *types.Struct {
	return types.NewLazyStruct(name, union, size, func() []*types.Field {
		k.mu.Lock()
		defer k.mu.Unlock()
		fs := make([]*types.Field, 0, len(members))
		for _, m := range members {
			fs = append(fs, &types.Field{
				Name:    m.Name,
				Type:    k.convert(m.Type),
				Offset:  uint64(m.Offset),
				BitSize: uint64(m.BitfieldSize),
			})
		}
		return fs
	})
}
