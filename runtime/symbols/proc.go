// This file implements Proc, the symbol lookup the runtime hands to
// printers: kernel addresses through Kallsyms, user addresses through the
// process's /proc/PID/maps and the ELF symbol tables of its mapped files, as
// libdtrace's Plookup_by_addr and Pobjname do.

package symbols

import (
	"bufio"
	"debug/elf"
	"debug/gosym"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Proc resolves kernel and user addresses. User lookups need the
// process alive (as DTrace needs to grab it): a process that has exited
// prints raw addresses.
type Proc struct {
	K *Kallsyms // nil: kernel addresses print raw

	mu    sync.Mutex
	maps  map[uint32][]mapping
	files map[string]*elfSyms
}

// NewProc returns a lookup over k (which may be nil) and the processes of
// this system.
func NewProc(k *Kallsyms) *Proc {
	return &Proc{K: k, maps: map[uint32][]mapping{}, files: map[string]*elfSyms{}}
}

// Kernel resolves a kernel address through K.
func (p *Proc) Kernel(addr uint64) (Symbol, bool) {
	if p.K == nil {
		return Symbol{}, false
	}
	return p.K.Kernel(addr)
}

type mapping struct {
	start, end, off uint64
	path            string
}

// User resolves an address of process pid: "object`symbol+0xoff", or "object`0xaddr"
// when the object has no symbol for the address.
func (p *Proc) User(pid uint32, addr uint64) (Symbol, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	m, ok := p.find(pid, addr, false)
	if !ok {
		if m, ok = p.find(pid, addr, true); !ok {
			return Symbol{}, false
		}
	}
	s := Symbol{Module: filepath.Base(m.path)}
	es := p.elf(m.path)
	if es == nil {
		return s, true
	}
	vaddr, ok := es.vaddr(addr-m.start+m.off, addr)
	if !ok {
		return s, true
	}
	if name, start, ok := es.lookup(vaddr); ok {
		s.Name, s.Offset = name, vaddr-start
	}
	return s, true
}

// find looks addr up in pid's file mappings, rereading /proc/PID/maps when
// reload is set or nothing is cached.
func (p *Proc) find(pid uint32, addr uint64, reload bool) (mapping, bool) {
	ms, ok := p.maps[pid]
	if !ok || reload {
		ms = readMaps(pid)
		p.maps[pid] = ms
	}
	for _, m := range ms {
		if addr >= m.start && addr < m.end {
			return m, true
		}
	}
	return mapping{}, false
}

func readMaps(pid uint32) []mapping {
	f, err := os.Open(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		return nil
	}
	defer f.Close()
	var ms []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 6 || !strings.HasPrefix(fs[5], "/") {
			continue
		}
		lo, hi, ok := strings.Cut(fs[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		off, err3 := strconv.ParseUint(fs[2], 16, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		ms = append(ms, mapping{start: start, end: end, off: off, path: strings.Join(fs[5:], " ")})
	}
	return ms
}

// elfSyms is the symbol table of one object.
type elfSyms struct {
	exec  bool // ET_EXEC: addresses are link-time addresses
	progs []elf.ProgHeader
	addr  []uint64
	size  []uint64
	name  []string
	gotab *gosym.Table // Go binaries: function names from .gopclntab
}

func (p *Proc) elf(path string) *elfSyms {
	if es, ok := p.files[path]; ok {
		return es
	}
	es := loadELF(path)
	p.files[path] = es
	return es
}

func loadELF(path string) *elfSyms {
	f, err := elf.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	es := &elfSyms{exec: f.Type == elf.ET_EXEC}
	for _, pr := range f.Progs {
		if pr.Type == elf.PT_LOAD {
			es.progs = append(es.progs, pr.ProgHeader)
		}
	}
	if pcln := f.Section(".gopclntab"); pcln != nil {
		if text := f.Section(".text"); text != nil {
			if data, err := pcln.Data(); err == nil {
				if tab, err := gosym.NewTable(nil, gosym.NewLineTable(data, text.Addr)); err == nil {
					es.gotab = tab
				}
			}
		}
	}
	syms, _ := f.Symbols()
	dyn, _ := f.DynamicSymbols()
	type sym struct {
		addr, size uint64
		name       string
	}
	var all []sym
	for _, s := range append(syms, dyn...) {
		t := elf.ST_TYPE(s.Info)
		if (t != elf.STT_FUNC && t != elf.STT_OBJECT) || s.Value == 0 || s.Name == "" {
			continue
		}
		all = append(all, sym{s.Value, s.Size, s.Name})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].addr < all[j].addr })
	for i, s := range all {
		if i > 0 && s.addr == all[i-1].addr {
			continue
		}
		es.addr = append(es.addr, s.addr)
		es.size = append(es.size, s.size)
		es.name = append(es.name, s.name)
	}
	return es
}

// vaddr converts a file offset (or, for ET_EXEC, the address itself) to the
// object's link-time address.
func (es *elfSyms) vaddr(off, addr uint64) (uint64, bool) {
	if es.exec {
		return addr, true
	}
	for _, pr := range es.progs {
		if off >= pr.Off && off < pr.Off+pr.Filesz {
			return off - pr.Off + pr.Vaddr, true
		}
	}
	return 0, false
}

// lookup finds the symbol holding v: a Go function of .gopclntab, else an
// ELF symbol within its size (or up to the next symbol when its size is 0).
func (es *elfSyms) lookup(v uint64) (string, uint64, bool) {
	if es.gotab != nil {
		if fn := es.gotab.PCToFunc(v); fn != nil {
			return fn.Name, fn.Entry, true
		}
	}
	i := sort.Search(len(es.addr), func(i int) bool { return es.addr[i] > v }) - 1
	if i < 0 {
		return "", 0, false
	}
	if es.size[i] != 0 && v >= es.addr[i]+es.size[i] {
		return "", 0, false
	}
	return es.name[i], es.addr[i], true
}
