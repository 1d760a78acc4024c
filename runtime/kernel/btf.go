// This file implements kernel struct member lookup through the kernel's BTF.

package kernel

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/cilium/ebpf/btf"
)

var kernelSpec struct {
	once   sync.Once
	cache  *btf.Cache
	spec   *btf.Spec
	err    error
	loaded atomic.Bool
}

// Cache returns the process's shared cache of kernel BTF. Pass it as
// ebpf.CollectionOptions.Cache when loading programs that need kernel BTF
// (tp_btf, fentry: each ebpf.NewProgram of such a program otherwise parses
// the kernel's BTF again, ~25 ms).
func Cache() *btf.Cache {
	kernelSpec.once.Do(loadSpec)
	return kernelSpec.cache
}

// Spec returns the running kernel's BTF, loaded once on first use (from the
// shared Cache).
func Spec() (*btf.Spec, error) {
	kernelSpec.once.Do(loadSpec)
	return kernelSpec.spec, kernelSpec.err
}

// SpecLoaded reports whether this process has loaded the kernel's BTF
// through Spec or Cache (what start-up costs it is measured by: ~11 ms and
// several MiB; godtrace loads it only when a probe, built-in or type needs
// it).
func SpecLoaded() bool { return kernelSpec.loaded.Load() }

func loadSpec() {
	kernelSpec.loaded.Store(true)
	kernelSpec.cache = btf.NewCache()
	kernelSpec.spec, kernelSpec.err = kernelSpec.cache.Kernel()
	if kernelSpec.err != nil {
		kernelSpec.err = fmt.Errorf("load kernel BTF (needs CONFIG_DEBUG_INFO_BTF, /sys/kernel/btf/vmlinux): %w", kernelSpec.err)
	}
}

// MemberInfo describes a resolved member: its byte offset from the start of
// the outermost type, its byte size and its BTF type (qualifiers and
// typedefs kept, as declared).
type MemberInfo struct {
	Offset uint32
	Size   uint32
	Type   btf.Type
}

// Offset returns the byte offset of the member named by path inside the
// struct or union typeName, e.g. Offset("task_struct", "se.sum_exec_runtime").
func Offset(typeName, path string) (uint32, error) {
	m, err := Member(typeName, path)
	if err != nil {
		return 0, err
	}
	return m.Offset, nil
}

// Member resolves a dotted member path inside the struct or union typeName.
// Each path element names a member of the previous one (its type must be a
// struct or union, not a pointer); members of anonymous structs and unions
// are found as if they were direct members, as in C.
func Member(typeName, path string) (MemberInfo, error) {
	spec, err := Spec()
	if err != nil {
		return MemberInfo{}, err
	}
	typ, err := composite(spec, typeName)
	if err != nil {
		return MemberInfo{}, err
	}
	if path == "" {
		return MemberInfo{}, fmt.Errorf("BTF member of %s: empty member path", typeName)
	}
	var off btf.Bits
	var cur btf.Type = typ
	where := typeName
	for _, name := range strings.Split(path, ".") {
		members, ok := membersOf(cur)
		if !ok {
			return MemberInfo{}, fmt.Errorf("BTF member %s.%s: %s is %s, not a struct or union", typeName, path, where, cur)
		}
		m, moff, ok := findMember(members, name)
		if !ok {
			return MemberInfo{}, fmt.Errorf("BTF member %s.%s: %s has no member %q", typeName, path, where, name)
		}
		if m.BitfieldSize != 0 {
			return MemberInfo{}, fmt.Errorf("BTF member %s.%s: %q is a bitfield", typeName, path, name)
		}
		off += moff
		cur = m.Type
		where += "." + name
	}
	if off%8 != 0 {
		return MemberInfo{}, fmt.Errorf("BTF member %s.%s: not byte aligned (bit offset %d)", typeName, path, off)
	}
	size, err := btf.Sizeof(cur)
	if err != nil {
		return MemberInfo{}, fmt.Errorf("BTF member %s.%s: size: %w", typeName, path, err)
	}
	return MemberInfo{Offset: uint32(off / 8), Size: uint32(size), Type: cur}, nil
}

// composite finds a struct or union by name.
func composite(spec *btf.Spec, name string) (btf.Type, error) {
	var s *btf.Struct
	if err := spec.TypeByName(name, &s); err == nil {
		return s, nil
	} else if !errors.Is(err, btf.ErrNotFound) {
		return nil, fmt.Errorf("BTF type %s: %w", name, err)
	}
	var u *btf.Union
	if err := spec.TypeByName(name, &u); err == nil {
		return u, nil
	} else if !errors.Is(err, btf.ErrNotFound) {
		return nil, fmt.Errorf("BTF type %s: %w", name, err)
	}
	return nil, fmt.Errorf("BTF type %s: no struct or union of that name in the kernel", name)
}

func membersOf(t btf.Type) ([]btf.Member, bool) {
	switch t := btf.UnderlyingType(t).(type) {
	case *btf.Struct:
		return t.Members, true
	case *btf.Union:
		return t.Members, true
	}
	return nil, false
}

// findMember looks name up among members, descending into anonymous struct
// and union members; the returned offset is relative to members' owner.
func findMember(members []btf.Member, name string) (btf.Member, btf.Bits, bool) {
	for _, m := range members {
		if m.Name == name {
			return m, m.Offset, true
		}
	}
	for _, m := range members {
		if m.Name != "" {
			continue
		}
		inner, ok := membersOf(m.Type)
		if !ok {
			continue
		}
		if im, off, ok := findMember(inner, name); ok {
			return im, m.Offset + off, true
		}
	}
	return btf.Member{}, 0, false
}
