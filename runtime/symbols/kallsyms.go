// This file implements Kallsyms, the table of kernel symbols read from
// /proc/kallsyms.

package symbols

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// KernelModule is the module name kernel-proper symbols print with, as
// FreeBSD's DTrace prints them ("kernel`vfs_read+0x10"). Symbols of
// loadable modules print with the module's name ("ext4`ext4_file_read_iter").
const KernelModule = "kernel"

// Kallsyms resolves kernel addresses from a kallsyms table. A symbol
// extends to the next symbol's address (kallsyms has no sizes); addresses
// past the last symbol of a module, or before the first, do not resolve.
type Kallsyms struct {
	addr []uint64
	name []string
	mod  []string
	end  []uint64 // end of the symbol's module section: the next module's first address
}

// LoadKallsyms reads /proc/kallsyms (addresses are only visible to root).
func LoadKallsyms() (*Kallsyms, error) {
	f, err := os.Open("/proc/kallsyms")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseKallsyms(f)
}

// ParseKallsyms reads a table in /proc/kallsyms format: "addr type name
// [module]". Text, data, bss and read-only symbols are kept; zero
// addresses (hidden by kptr_restrict, or per-CPU offsets) are dropped.
func ParseKallsyms(r io.Reader) (*Kallsyms, error) {
	type sym struct {
		addr   uint64
		name   string
		mod    string
		global bool
		seq    int
	}
	var syms []sym
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 0; sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || len(f[1]) != 1 {
			continue
		}
		switch f[1][0] {
		case 'T', 't', 'W', 'w', 'D', 'd', 'B', 'b', 'R', 'r', 'V', 'v':
		default:
			continue
		}
		a, err := strconv.ParseUint(f[0], 16, 64)
		if err != nil {
			return nil, fmt.Errorf("kallsyms line %d: %v", n+1, err)
		}
		if a == 0 {
			continue
		}
		s := sym{addr: a, name: f[2], mod: KernelModule, global: f[1][0] >= 'A' && f[1][0] <= 'Z', seq: n}
		if len(f) > 3 {
			s.mod = strings.Trim(f[3], "[]")
		}
		syms = append(syms, s)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(syms, func(i, j int) bool {
		if syms[i].addr != syms[j].addr {
			return syms[i].addr < syms[j].addr
		}
		if syms[i].global != syms[j].global {
			return syms[i].global
		}
		return syms[i].seq < syms[j].seq
	})
	k := &Kallsyms{}
	for i, s := range syms {
		if i > 0 && s.addr == syms[i-1].addr {
			continue // keep the preferred name for an address
		}
		k.addr = append(k.addr, s.addr)
		k.name = append(k.name, s.name)
		k.mod = append(k.mod, s.mod)
	}
	k.end = make([]uint64, len(k.addr))
	for i := len(k.addr) - 1; i >= 0; i-- {
		switch {
		case i == len(k.addr)-1:
			k.end[i] = k.addr[i] + 1<<20
		case k.mod[i+1] != k.mod[i]:
			k.end[i] = k.addr[i+1]
		default:
			k.end[i] = k.end[i+1]
		}
	}
	return k, nil
}

// Len is the number of symbols.
func (k *Kallsyms) Len() int { return len(k.addr) }

// Lookup finds the address of a kernel symbol by name (first match).
func (k *Kallsyms) Lookup(name string) (uint64, bool) {
	for i, n := range k.name {
		if n == name {
			return k.addr[i], true
		}
	}
	return 0, false
}

// Kernel resolves a kernel address.
func (k *Kallsyms) Kernel(addr uint64) (Symbol, bool) {
	i := sort.Search(len(k.addr), func(i int) bool { return k.addr[i] > addr }) - 1
	if i < 0 || addr >= k.end[i] {
		return Symbol{}, false
	}
	return Symbol{Module: k.mod[i], Name: k.name[i], Offset: addr - k.addr[i]}, true
}

// User resolves no user addresses: a Kallsyms table stands for the kernel
// alone where a Symbolizer is wanted.
func (k *Kallsyms) User(pid uint32, addr uint64) (Symbol, bool) { return Symbol{}, false }
