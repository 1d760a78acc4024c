// This file implements a tracing session's life cycle: load the compiled maps and
// programs, arm the probes, fire BEGIN, consume records until exit(), a signal or the end
// of the traced command, then stop the probes, fire END, drain, detach and report the
// exit status.
package session

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/record"
	"github.com/godtrace/godtrace/runtime/consume"
	"github.com/godtrace/godtrace/runtime/format"
	"github.com/godtrace/godtrace/runtime/kernel"
	"github.com/godtrace/godtrace/runtime/provider"
	"github.com/godtrace/godtrace/runtime/symbols"
)

// Config holds what a session needs besides the compiled object.
type Config struct {
	Prog    string    // program name for messages (basename of argv[0])
	Out     io.Writer // trace output
	Err     io.Writer // messages
	Verbose bool      // print the verifier log with verifier errors
	Printer Printer   // formats records; nil prints nothing
	// Support maps loaded outside the compiler's object (e.g. vtimestamp's), by reference name.
	Extra map[string]*ebpf.Map
	// Sort is the aggregation sorting options (aggsortkey...).
	Sort format.SortOptions
	// Report, when set, is told of every drop and error besides the message on Err:
	// name "DROP" with kind "principal", "aggregation" or "dynamic" and the count, or
	// "ERROR" with kind "fault" (structured output prints them).
	Report func(name, kind, msg string, count uint64)
}

// report passes a drop or an error to Config.Report.
func (s *Session) report(name, kind, msg string, count uint64) {
	if s.cfg.Report != nil {
		s.cfg.Report(name, kind, msg, count)
	}
}

// Printer formats decoded records.
type Printer interface {
	// Record prints one clause record. data is the record after its EPID word, so a
	// descriptor offset o is at data[o-4]. Exit actions are handled by the session.
	Record(s *Session, epid *compiler.EPID, cpu uint32, data []byte) error
	// Flush is called once after the last record.
	Flush() error
}

// Session is a loaded script.
type Session struct {
	cfg        Config
	obj        *compiler.Object
	maps       map[string]*ebpf.Map
	progs      []*ebpf.Program
	links      []provider.Link
	begin      []*provider.FireLink
	end        []*provider.FireLink
	errorProbe []*provider.FireLink // dtrace:::ERROR, fired on faults
	rd         *consume.Reader

	vtime *kernel.Vtime
	tlsGC *kernel.ThreadCleanup // reclaims exiting threads' self-> entries

	wall   int64 // walltimestamp's correction, in the state value
	exited bool
	status int
	aggs   map[int]*aggState
	// recSeq numbers the records read: aggregation actions snapshot once per record.
	recSeq uint64
	sym    format.Symbolizer

	dynMu    sync.Mutex
	dynLast  uint64    // dynamic variable drops already reported
	aggDrops *aggDrops // aggregation drops (aggdrops.go)
}

// Load creates the maps and loads every program of obj. A verifier rejection is reported as
// a *LoadError naming the clause.
func Load(obj *compiler.Object, cfg Config) (*Session, error) {
	s := &Session{cfg: cfg, obj: obj, maps: map[string]*ebpf.Map{}}
	s.initAggs()
	for name, spec := range obj.Maps {
		m, err := ebpf.NewMap(spec)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("create map %s: %w", name, err)
		}
		s.maps[name] = m
	}
	for name, m := range cfg.Extra {
		s.maps[name] = m
	}
	if obj.Vtime {
		vt, err := kernel.LoadVtime()
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("vtimestamp support: %w", err)
		}
		s.vtime = vt
		s.maps[record.VtimeMapName] = vt.Map()
	}
	var tls []*ebpf.Map
	for name, m := range s.maps {
		if strings.HasPrefix(name, compiler.ThreadLocalMapPrefix) {
			tls = append(tls, m)
		}
	}
	if len(tls) > 0 {
		tc, err := kernel.LoadThreadCleanup(tls)
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("thread-local variables: %w", err)
		}
		s.tlsGC = tc
	}
	if err := s.initState(); err != nil {
		s.Close()
		return nil, err
	}

	for _, p := range obj.Programs {
		spec := p.Spec.Copy()
		for i := range spec.Instructions {
			ins := &spec.Instructions[i]
			if ref := ins.Reference(); ref != "" && ins.IsLoadFromMap() {
				m, ok := s.maps[ref]
				if !ok {
					s.Close()
					return nil, fmt.Errorf("program for %s: no map %q", probeName(p.Probe.Info()), ref)
				}
				if err := ins.AssociateMap(m); err != nil {
					s.Close()
					return nil, err
				}
			}
		}
		prog, err := loadProgram(spec)
		if err != nil {
			s.Close()
			return nil, &LoadError{Program: p, Err: err}
		}
		s.progs = append(s.progs, prog)
	}
	s.aggDrops = &aggDrops{m: s.maps[compiler.MapAggDrops]}
	if obj.Symbols {
		// Kernel symbols from /proc/kallsyms (a few ms), read once the programs are loaded
		// so that their own frames resolve; user symbols on demand.
		k, err := symbols.LoadKallsyms()
		if err != nil {
			k = nil // addresses print raw, as DTrace prints what it cannot resolve
		}
		s.sym = symbols.NewProc(k)
		if rp, ok := cfg.Printer.(interface{ SetSymbolizer(format.Symbolizer) }); ok {
			rp.SetSymbolizer(s.sym)
		}
	}
	rd, err := consume.NewReader(s.maps[compiler.MapEvents], s.maps[compiler.MapDrops], consume.Options{
		OnDrop: func(d consume.Drop) {
			fmt.Fprintf(cfg.Err, "%s: %s\n", cfg.Prog, consume.DropMessage(d))
			s.report("DROP", "principal", consume.DropMessage(d), d.Count)
		},
	})
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("open ring buffer: %w", err)
	}
	s.rd = rd
	return s, nil
}

// Hooks are called by Run at points of the session's life.
type Hooks struct {
	Armed    func()
	Stopping func()
}

// LoadError is a program the verifier (or the loader) rejected.
type LoadError struct {
	Program *compiler.Program
	Err     error
}

func (e *LoadError) Error() string {
	desc := "probe " + probeName(e.Program.Probe.Info())
	if len(e.Program.Clauses) > 0 {
		c := e.Program.Clauses[0]
		desc = fmt.Sprintf("clause %s (line %d) on %s", c.Desc, c.Pos.Line, probeName(e.Program.Probe.Info()))
	}
	var ve *ebpf.VerifierError
	if errors.As(e.Err, &ve) {
		if off, ok := failingInsn(ve.Log); ok {
			if text, pos, ok := e.Program.Construct(off); ok {
				return fmt.Sprintf("failed to enable %s: the BPF verifier rejected the code for \"%s\" at line %d: %v",
					desc, text, pos.Line, ve)
			}
		}
		return fmt.Sprintf("failed to enable %s: the BPF verifier rejected the program: %v", desc, ve)
	}
	return fmt.Sprintf("failed to enable %s: %v", desc, e.Err)
}

func (e *LoadError) Unwrap() error { return e.Err }

// failingInsn finds the instruction the verifier stopped at: the last "N: (op) ..." line
// of its log.
func failingInsn(log []string) (int, bool) {
	for i := len(log) - 1; i >= 0; i-- {
		l := log[i]
		colon := strings.Index(l, ": (")
		if colon <= 0 {
			continue
		}
		if n, err := strconv.Atoi(l[:colon]); err == nil {
			return n, true
		}
	}
	return 0, false
}

func probeName(p compiler.ProbeInfo) string {
	return p.Provider + ":" + p.Module + ":" + p.Function + ":" + p.Name
}

// Arm attaches every program, concurrently (attaching a syscall tracepoint takes
// milliseconds). BEGIN's and END's programs are not attached in the kernel: the session
// fires them.
func (s *Session) Arm() error {
	type res struct {
		l   provider.Link
		err error
	}
	var wg sync.WaitGroup
	results := make([]res, len(s.obj.Programs))
	for i, p := range s.obj.Programs {
		pp, ok := p.Probe.(Probe)
		if !ok {
			results[i].err = fmt.Errorf("probe %s cannot be attached", probeName(p.Probe.Info()))
			continue
		}
		wg.Add(1)
		go func(i int, pp Probe, prog *ebpf.Program) {
			defer wg.Done()
			l, err := pp.P.Attach(prog)
			results[i] = res{l, err}
		}(i, pp, s.progs[i])
	}
	wg.Wait()
	var first error
	for i, r := range results {
		if r.l == nil {
			if first == nil {
				first = r.err
			}
			continue
		}
		s.links = append(s.links, r.l)
		if fl, ok := r.l.(*provider.FireLink); ok {
			switch s.obj.Programs[i].Probe.Info().Name {
			case "BEGIN":
				s.begin = append(s.begin, fl)
			case "END":
				s.end = append(s.end, fl)
			case "ERROR":
				s.errorProbe = append(s.errorProbe, fl)
			}
		}
	}
	return first
}

// initState stores walltimestamp's correction, CLOCK_REALTIME − CLOCK_MONOTONIC (the
// clock of bpf_ktime_get_ns), and the warm-up state in the state value.
func (s *Session) initState() error {
	var mono, real unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &mono); err != nil {
		return err
	}
	if err := unix.ClockGettime(unix.CLOCK_REALTIME, &real); err != nil {
		return err
	}
	s.wall = real.Nano() - mono.Nano()
	return s.setState(compiler.StateWarmup)
}

// state reads the state word.
func (s *Session) state() (uint32, error) {
	buf := make([]byte, compiler.StateSize)
	if err := s.maps[compiler.MapState].Lookup(uint32(0), buf); err != nil {
		return 0, fmt.Errorf("read state: %w", err)
	}
	return binary.LittleEndian.Uint32(buf), nil
}

// setState stores the state word. It writes the whole state value, whose other bytes only
// the session writes (walltimestamp's correction), without reading it first: the
// globals, which probes write, are in a map of their own.
func (s *Session) setState(v uint32) error {
	buf := make([]byte, compiler.StateSize)
	binary.LittleEndian.PutUint32(buf, v)
	binary.LittleEndian.PutUint64(buf[compiler.WallOffset:], uint64(s.wall))
	return s.maps[compiler.MapState].Update(uint32(0), buf, ebpf.UpdateAny)
}

// fire runs the programs of a dtrace-provider probe in the calling thread.
func fire(links []*provider.FireLink) error {
	for _, l := range links {
		if _, err := l.Fire(); err != nil {
			return err
		}
	}
	return nil
}

// Run fires BEGIN, then consumes records until exit(), ctx's cancellation (signals, the
// end of the traced command) or an error; then it stops the probes, fires END, drains the
// buffer and returns the exit status: exit()'s argument, else 0. Hooks, when not nil:
// Armed runs once BEGIN has fired and every probe is live (report the probes, start the
// traced command); Stopping runs after the stop is decided and before END fires.
func (s *Session) Run(ctx context.Context, h Hooks) (int, error) {
	if s.vtime != nil {
		s.vtime.Ready(200 * time.Millisecond) // on timeout vtimestamp lags on that CPU only
	}
	if err := fire(s.begin); err != nil {
		return 1, fmt.Errorf("fire BEGIN: %w", err)
	}
	// Every other probe runs from now on, unless BEGIN called exit(). BEGIN's records
	// wait in the ring until the reader starts, so that when its output appears every
	// probe is live.
	if st, err := s.state(); err != nil {
		return 1, err
	} else if st == compiler.StateWarmup {
		if err := s.setState(compiler.StateActive); err != nil {
			return 1, err
		}
	}
	exited := make(chan struct{})
	var once sync.Once
	runErr := make(chan error, 1)
	go func() {
		runErr <- s.rd.Run(func(id uint32, data []byte) error {
			err := s.record(id, data)
			if s.exited {
				once.Do(func() { close(exited) })
			}
			return err
		})
	}()
	stop := func() error {
		if err := s.rd.Stop(); err != nil {
			return err
		}
		return <-runErr
	}
	if h.Armed != nil {
		h.Armed()
	}
	watchCtx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	go s.watchDynDrops(watchCtx)
	select {
	case <-exited:
	case <-ctx.Done():
	case err := <-runErr:
		if err != nil {
			return 1, err
		}
	}
	if h.Stopping != nil {
		h.Stopping()
	}
	// Stop every probe but END's, fire END, drain.
	if err := s.setState(compiler.StateEnding); err != nil {
		stop()
		return 1, err
	}
	endErr := fire(s.end)
	if err := stop(); err != nil {
		return 1, err
	}
	if endErr != nil {
		return 1, fmt.Errorf("fire END: %w", endErr)
	}
	stopWatch()
	s.reportDrops()
	if s.cfg.Printer != nil {
		if err := s.cfg.Printer.Flush(); err != nil {
			return 1, err
		}
	}
	return s.status, nil
}

// record handles one ring-buffer record; data follows the EPID word.
func (s *Session) record(id uint32, data []byte) error {
	if id == compiler.FaultEPID {
		return s.fault(data)
	}
	epid := s.obj.EPID(id)
	if epid == nil || len(data)+4 < epid.Size {
		return fmt.Errorf("record with unknown EPID %d (%d bytes)", id, len(data)+4)
	}
	s.recSeq++
	cpu := binary.LittleEndian.Uint32(data)
	for _, a := range epid.Actions {
		if a.Kind == compiler.ActExit && binary.LittleEndian.Uint32(data[a.Flag-4:]) != 0 {
			s.exited = true
			s.status = int(int32(binary.LittleEndian.Uint64(data[a.Args[0].Offset-4:])))
		}
	}
	if s.cfg.Printer != nil {
		return s.cfg.Printer.Record(s, epid, cpu, data)
	}
	return nil
}

// fault prints a fault record as dtrace(1) prints a probe's error (there is no DIF, so no
// "at DIF offset").
func (s *Session) fault(data []byte) error {
	if len(data)+4 < compiler.FaultRecordSize {
		return fmt.Errorf("short fault record of %d bytes", len(data)+4)
	}
	id := binary.LittleEndian.Uint32(data[4:])
	action := binary.LittleEndian.Uint32(data[8:])
	addr := binary.LittleEndian.Uint64(data[12:])
	epid := s.obj.EPID(id)
	if epid == nil {
		return fmt.Errorf("fault record of unknown EPID %d", id)
	}
	where := "predicate"
	if action > 0 {
		where = fmt.Sprintf("action #%d", action)
	}
	p := epid.Probe
	msg := fmt.Sprintf("error on enabled probe ID %d (ID %d: %s:%s:%s:%s): invalid address (0x%x) in %s",
		epid.ID, p.ID, p.Provider, p.Module, p.Function, p.Name, addr, where)
	fmt.Fprintf(s.cfg.Err, "%s: %s\n", s.cfg.Prog, msg)
	s.report("ERROR", "fault", msg, 1)
	// dtrace:::ERROR's clauses: arg1 the enabled probe ID, arg2 the action, arg3 the DIF
	// offset (none: 0), arg4 the fault (DTRACEFLT_BADADDR), arg5 the address.
	for _, l := range s.errorProbe {
		if _, err := l.Fire(0, uint64(epid.ID), uint64(action), 0, faultBadAddr, addr); err != nil {
			return err
		}
	}
	return nil
}

// faultBadAddr is DTrace's DTRACEFLT_BADADDR.
const faultBadAddr = 1

// Close detaches every probe (concurrently: closing a syscall tracepoint link takes tens
// of milliseconds) and frees programs and maps.
func (s *Session) Close() error {
	provider.CloseAll(s.links)
	s.links = nil
	if s.rd != nil {
		s.rd.Close()
	}
	for _, p := range s.progs {
		p.Close()
	}
	s.progs = nil
	if s.tlsGC != nil {
		s.tlsGC.Close()
		s.tlsGC = nil
	}
	for name, m := range s.maps {
		if _, extra := s.cfg.Extra[name]; !extra && name != record.VtimeMapName {
			m.Close()
		}
	}
	s.maps = nil
	if s.vtime != nil {
		s.vtime.Close()
		s.vtime = nil
	}
	return nil
}

// loadProgram loads a clause program. A tp_btf program (sched probes) is loaded with the
// process's shared kernel BTF cache: ebpf.NewProgram would parse the kernel's BTF for each
// (~25 ms).
func loadProgram(spec *ebpf.ProgramSpec) (*ebpf.Program, error) {
	if spec.Type != ebpf.Tracing {
		return ebpf.NewProgram(spec)
	}
	coll, err := ebpf.NewCollectionWithOptions(&ebpf.CollectionSpec{
		Programs: map[string]*ebpf.ProgramSpec{"clause": spec},
	}, ebpf.CollectionOptions{Cache: kernel.Cache()})
	if err != nil {
		return nil, err
	}
	defer coll.Close()
	return coll.DetachProgram("clause"), nil
}
