// This file implements the probe catalogue: probes, their IDs, matching
// probe descriptions against them, the dtrace -l listing, and links.

package provider

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/runtime/kernel"
)

// Arg describes one element of a probe's args[] array.
type Arg struct {
	// Type is the argument's C type as the kernel declares it ("int",
	// "const char *", "size_t"). Pointers into user space are declared as
	// the kernel declares them; [Arg.User] tells them apart.
	Type string
	// User is true when the value is a user-space address (syscall
	// arguments): it must be read with copyin/copyinstr.
	User bool
}

// Probe is one probe of the catalogue.
type Probe struct {
	ID                               uint32
	Provider, Module, Function, Name string

	// ProgramType, AttachType and AttachTo are what the clause program's
	// ebpf.ProgramSpec needs (see ProgramSpec).
	ProgramType ebpf.ProgramType
	AttachType  ebpf.AttachType
	AttachTo    string

	// aliases are other function names the probe answers to when
	// matching (FreeBSD system call names).
	aliases []string
	impl    probeImpl
	// dispatchable: a syscall probe that can run behind the raw_syscalls
	// dispatcher; Match decides per enabling whether it does.
	dispatchable bool
	// resolve, when set, completes the probe (ProgramType, impl) the
	// first time the catalogue hands it out; it may load BTF. Called
	// with the catalogue's lock held.
	resolve func(p *Probe)
}

// probeImpl is what a provider supplies per probe.
type probeImpl interface {
	args(p *Probe) ([]Arg, error)
	// loadArg emits dst = argN; n is within 0..9.
	loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error)
	guard(p *Probe, ctx asm.Register, skip string) (asm.Instructions, error)
	errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error)
	attach(p *Probe, prog *ebpf.Program) (Link, error)
}

// String returns the probe's full description, provider:module:function:name.
func (p *Probe) String() string {
	return p.Provider + ":" + p.Module + ":" + p.Function + ":" + p.Name
}

// Args returns the probe's args[] types; its length is the number of
// arguments the probe provides.
func (p *Probe) Args() ([]Arg, error) { return p.impl.args(p) }

// LoadArg returns instructions leaving argN (as a uint64) in dst, reading
// from the probe's context saved in ctx. Arguments beyond what the probe
// provides read as 0, as in DTrace. ctx must be one of R6–R9; dst may be
// any register but R10; R0–R5 may be clobbered; ctx is preserved.
func (p *Probe) LoadArg(ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	if n < 0 || n > 9 {
		return nil, fmt.Errorf("%s: arg%d: no such argument", p, n)
	}
	insns, err := p.impl.loadArg(p, ctx, n, dst)
	if err != nil {
		return nil, fmt.Errorf("%s: arg%d: %w", p, n, err)
	}
	return insns, nil
}

// Guard returns instructions that jump to the label skip when this firing
// of the program is not one of the probe's (e.g. an execve that succeeded,
// for proc:::exec-failure), or nil when every firing is. The compiler
// emits it first, before any clause. Same register rules as LoadArg.
func (p *Probe) Guard(ctx asm.Register, skip string) (asm.Instructions, error) {
	insns, err := p.impl.guard(p, ctx, skip)
	if err != nil {
		return nil, fmt.Errorf("%s: guard: %w", p, err)
	}
	return insns, nil
}

// Errno returns instructions leaving the D errno variable in dst: on
// syscall return probes, the error of the call (−ret for a return value in
// −4095..−1, else 0); 0 on every other probe (Linux does not keep a
// thread's last error where a probe can read it). Same register rules as
// LoadArg.
func (p *Probe) Errno(ctx, dst asm.Register) (asm.Instructions, error) {
	insns, err := p.impl.errno(p, ctx, dst)
	if err != nil {
		return nil, fmt.Errorf("%s: errno: %w", p, err)
	}
	return insns, nil
}

// Attach attaches prog, loaded from ProgramSpec, to the probe. For the
// dtrace provider's probes nothing is attached: the returned Link is a
// *FireLink whose Fire runs the program in the calling thread.
func (p *Probe) Attach(prog *ebpf.Program) (Link, error) {
	l, err := p.impl.attach(p, prog)
	if err != nil {
		return nil, fmt.Errorf("attach %s: %w", p, err)
	}
	return l, nil
}

// ProgramSpec returns a spec for a clause program of this probe, with the
// program type, attach type and target filled in and a GPL licence (the
// helpers godtrace uses require it).
func (p *Probe) ProgramSpec(name string, insns asm.Instructions) *ebpf.ProgramSpec {
	return &ebpf.ProgramSpec{
		Name:         name,
		Type:         p.ProgramType,
		AttachType:   p.AttachType,
		AttachTo:     p.AttachTo,
		Instructions: insns,
		License:      "GPL",
	}
}

// ListHeader is the header line of a probe listing (dtrace -l).
const ListHeader = "   ID   PROVIDER            MODULE                          FUNCTION NAME"

// ListLine formats the probe as a line of dtrace -l (without newline).
func (p *Probe) ListLine() string {
	return fmt.Sprintf("%5d %10s %17s %33s %s", p.ID, p.Provider, p.Module, p.Function, p.Name)
}

// Link is an attachment of a clause program. Close detaches it.
type Link interface {
	Close() error
}

// multiLink is a probe attached at several kernel events.
type multiLink []Link

func (m multiLink) Close() error {
	return CloseAll(m)
}

// CloseAll closes links concurrently (closing a syscall tracepoint link
// takes tens of milliseconds) and returns their errors joined.
func CloseAll[L Link](links []L) error {
	errs := make([]error, len(links))
	var wg sync.WaitGroup
	for i, l := range links {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = l.Close()
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// provider is one provider implementation.
type provider interface {
	// name is the provider's name.
	name() string
	// populate adds the provider's probes to the catalogue.
	populate(c *Catalogue) error
	// mayMatch reports whether a probe of the provider could match the
	// module, function and name patterns, without populating it: false
	// only when none can (syscall probes are all named entry or return).
	mayMatch(module, function, name string) bool
}

// demandProvider creates probes on demand from a literal name
// (profile:::tick-1sec).
type demandProvider interface {
	provider
	demand(c *Catalogue, module, function, name string) (*Probe, error)
}

// unavailableProvider is a provider that this kernel cannot support; its
// reason is returned as the error of a Match naming it.
type unavailableProvider interface {
	provider
	unavailable() error
}

// Catalogue holds every probe, by ID. Providers are populated lazily, in
// a fixed order (dtrace, syscall, proc, profile, fbt, sched): the first Match that
// can select one of a provider's probes populates it and every provider
// before it, so IDs are those of a full listing (see Load).
type Catalogue struct {
	mu        sync.Mutex
	probes    []*Probe // by ID − 1
	providers []provider
	populated int   // providers[:populated] are populated
	popErr    error // the error that stopped populating, if any
}

// Load returns the catalogue of this kernel's probes, mounting tracefs when
// needed. It enumerates no provider but dtrace: a provider is populated
// the first time a Match can select its probes, or a Probes or ByID call
// needs them, together with every provider before it in the catalogue's
// order. Probe IDs are therefore deterministic and the same whichever
// descriptions populated them: dtrace:::BEGIN is 1, END 2, ERROR 3, then
// the syscall and proc probes as in a full listing, then fbt's; a probe
// created on demand (profile:::tick-N) takes the next free ID when first
// named. IDs are stable for the life of the Catalogue.
func Load() (*Catalogue, error) {
	if _, err := kernel.Tracefs(); err != nil {
		return nil, err
	}
	c := &Catalogue{}
	c.providers = []provider{&dtraceProvider{}, &syscallProvider{}, &procProvider{}, &profileProvider{}, &fbtProvider{}, &schedProvider{}}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.populateTo(0); err != nil {
		return nil, err
	}
	return c, nil
}

// populateTo populates providers[:i+1] that are not yet; c.mu is held.
func (c *Catalogue) populateTo(i int) error {
	for c.populated <= i && c.popErr == nil {
		pr := c.providers[c.populated]
		if err := pr.populate(c); err != nil {
			c.popErr = fmt.Errorf("%s provider: %w", pr.name(), err)
			break
		}
		c.populated++
	}
	if c.populated <= i {
		return c.popErr
	}
	return nil
}

// Populated reports whether the named provider's probes have been
// enumerated (see Load).
func (c *Catalogue) Populated(provider string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, pr := range c.providers[:c.populated] {
		if pr.name() == provider {
			return true
		}
	}
	return false
}

// add appends a probe, assigning its ID.
func (c *Catalogue) add(p *Probe) *Probe {
	c.probes = append(c.probes, p)
	p.ID = uint32(len(c.probes))
	return p
}

// Probes returns every probe, by ID, populating every provider (when a
// provider fails to populate, the probes of those before it).
func (c *Catalogue) Probes() []*Probe {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.populateTo(len(c.providers) - 1)
	resolve(c.probes)
	return append([]*Probe(nil), c.probes...)
}

// resolve completes the probes that need it before they are handed out.
func resolve(ps []*Probe) {
	for _, p := range ps {
		if f := p.resolve; f != nil {
			p.resolve = nil
			f(p)
		}
	}
}

// ByID returns the probe of that ID, or nil.
func (c *Catalogue) ByID(id uint32) *Probe {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id == 0 {
		return nil
	}
	if int(id) > len(c.probes) {
		c.populateTo(len(c.providers) - 1)
	}
	if int(id) > len(c.probes) {
		return nil
	}
	resolve(c.probes[id-1 : id])
	return c.probes[id-1]
}

// Match returns the probes matching a probe description, by ID. Each field
// is a DTrace pattern (see Glob); an empty field matches everything. A
// system call probe's function also matches under its FreeBSD names
// (syscall::exit:entry fires on exit_group too). Matching a literal
// profile:::tick-N or profile-N name creates that probe. The error is
// non-nil only when the description names a provider this kernel cannot
// support (fbt here): the message says why.
func (c *Catalogue) Match(provider, module, function, name string) ([]*Probe, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	need := -1
	for i, pr := range c.providers {
		if Glob(provider, pr.name()) && pr.mayMatch(module, function, name) {
			need = i
		}
		if provider == pr.name() {
			need = max(need, i) // an unavailable provider says why below
		}
	}
	if err := c.populateTo(need); err != nil {
		return nil, err
	}
	for _, pr := range c.providers {
		if provider != pr.name() {
			continue
		}
		if u, ok := pr.(unavailableProvider); ok {
			if err := u.unavailable(); err != nil {
				return nil, err
			}
		}
	}
	for _, pr := range c.providers {
		d, ok := pr.(demandProvider)
		if !ok || !Glob(provider, pr.name()) || IsGlob(name) || name == "" {
			continue
		}
		if _, err := d.demand(c, module, function, name); err != nil {
			return nil, err
		}
	}
	var out []*Probe
	nsys := 0
	for _, p := range c.probes {
		if p.matches(provider, module, function, name) {
			out = append(out, p)
			if p.dispatchable {
				nsys++
			}
		}
	}
	resolve(out)
	chooseSyscallMechanism(out, nsys)
	return out, nil
}

func (p *Probe) matches(provider, module, function, name string) bool {
	if !Glob(provider, p.Provider) || !Glob(module, p.Module) || !Glob(name, p.Name) {
		return false
	}
	if Glob(function, p.Function) {
		return true
	}
	for _, a := range p.aliases {
		if Glob(function, a) {
			return true
		}
	}
	return false
}

// List writes probes in dtrace -l form, header first.
func List(w io.Writer, probes []*Probe) error {
	sorted := append([]*Probe(nil), probes...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	if _, err := fmt.Fprintln(w, ListHeader); err != nil {
		return err
	}
	for _, p := range sorted {
		if _, err := fmt.Fprintln(w, p.ListLine()); err != nil {
			return err
		}
	}
	return nil
}

// anyGlob reports whether pattern matches one of names.
func anyGlob(pattern string, names ...string) bool {
	for _, n := range names {
		if Glob(pattern, n) {
			return true
		}
	}
	return false
}

// zeroArg emits dst = 0.
func zeroArg(dst asm.Register) asm.Instructions {
	return asm.Instructions{asm.Mov.Imm(dst, 0)}
}
