// This file implements the Driver, its configuration and the steps from the sources to
// the compiled object.
package driver

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/parser"
	"github.com/godtrace/godtrace/dlang/token"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/runtime/provider"
	"github.com/godtrace/godtrace/runtime/session"
)

// Exit statuses, as dtrace(1)'s.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Config is what a Driver is told by its caller (the command line, or a test).
type Config struct {
	Prog    string    // program name for messages (basename of argv[0])
	Out     io.Writer // trace output (stdout, or the -o file)
	Err     io.Writer // messages
	Options *Options  // -x options; the Parse step applies #pragma D option to them
	Verbose bool      // -v: the verifier's log with a verifier rejection
	List    bool      // -l: Match lets descriptions match nothing; FrontEnd does not Check
	Asm     io.Writer // -S: when set, Compile writes the programs' listing there
	// MacroArgs are $0, $1, ...: the program name, then the arguments after the options.
	MacroArgs []string
	// MacroVars are the macro variables ($target, $pid ...) by name (MacroVars gives them).
	MacroVars map[string]string
	// Catalogue is the probes to match; nil: Open loads them.
	Catalogue *provider.Catalogue
}

// Driver runs the steps of one invocation.
type Driver struct {
	Config
	// Files holds every source Parse parsed, so that any position names its source.
	Files *token.FileSet
}

// New returns a Driver; a nil Options is DefaultOptions.
func New(conf Config) *Driver {
	if conf.Options == nil {
		conf.Options = DefaultOptions()
	}
	return &Driver{Config: conf, Files: token.NewFileSet()}
}

// MacroVars returns the macro variables of this process ($pid, $ppid, $uid, $gid,
// $euid, $egid, $pgid, $sid) and $target.
func MacroVars(target int) map[string]string {
	m := map[string]string{
		"target": strconv.Itoa(target),
		"pid":    strconv.Itoa(os.Getpid()),
		"ppid":   strconv.Itoa(os.Getppid()),
		"uid":    strconv.Itoa(os.Getuid()),
		"gid":    strconv.Itoa(os.Getgid()),
		"euid":   strconv.Itoa(os.Geteuid()),
		"egid":   strconv.Itoa(os.Getegid()),
		"pgid":   strconv.Itoa(syscall.Getpgrp()),
	}
	if sid, err := unix.Getsid(0); err == nil {
		m["sid"] = strconv.Itoa(sid)
	}
	return m
}

// Source is one program source of the invocation, in command-line order.
type Source struct {
	Script bool   // a -s script; else a probe specifier (-n, -P, -m, -f)
	Name   string // the file name of a script, the text of a specifier
	Text   string // the D program text (ReadSources reads a script's)
}

// SourceError is a compile-time error in one source, printed as dtrace(1) prints it:
//
//	prog: failed to compile script NAME: line N: MSG
//	prog: invalid probe specifier TEXT: [in REGION: ]MSG
type SourceError struct {
	Source Source
	Err    *diag.Error
	// Region is where the checker found the error ("predicate", "action list"), which
	// dtrace -n prints before the message; "" for other errors.
	Region string
}

func (e *SourceError) Error() string { return e.Err.Error() }

// format renders the error as dtrace(1) does.
func (e *SourceError) format(prog string, errtags bool) string {
	d := e.Err
	if e.Region != "" && !e.Source.Script {
		c := *d
		c.Msg = "in " + e.Region + ": " + c.Msg
		d = &c
	}
	return diag.Format(prog, e.Source.Name, e.Source.Script, d, errtags)
}

// sourceError attributes err, when it holds a positioned error, to src.
func sourceError(src Source, err error, region bool) error {
	e := diag.First(err)
	if e == nil {
		return err
	}
	se := &SourceError{Source: src, Err: e}
	if region {
		se.Region = types.Region(e)
	}
	return se
}

// Report prints err as dtrace(1) prints the failure of a step and returns the exit
// status.
func (d *Driver) Report(err error) int {
	var se *SourceError
	if errors.As(err, &se) {
		fmt.Fprintln(d.Err, se.format(d.Prog, d.Options.ErrTags))
		return ExitError
	}
	fmt.Fprintf(d.Err, "%s: %v\n", d.Prog, err)
	var le *session.LoadError
	if d.Verbose && errors.As(err, &le) {
		fmt.Fprintf(d.Err, "%+v\n", le.Err)
	}
	return ExitError
}

// Open loads the probe catalogue, unless the Config gave one.
func (d *Driver) Open() error {
	if d.Catalogue != nil {
		return nil
	}
	cat, err := provider.Load()
	if err != nil {
		return fmt.Errorf("failed to initialize dtrace: %w", err)
	}
	d.Catalogue = cat
	return nil
}

// ReadSources returns the sources with the text of every script read.
func (d *Driver) ReadSources(srcs []Source) ([]Source, error) {
	out := make([]Source, len(srcs))
	for i, s := range srcs {
		if s.Script {
			b, err := os.ReadFile(s.Name)
			if err != nil {
				return nil, fmt.Errorf("failed to open %s: %s", s.Name, ErrText(err))
			}
			s.Text = string(b)
		}
		out[i] = s
	}
	return out, nil
}

// Parsed is one source parsed.
type Parsed struct {
	Source Source
	Prog   *ast.Program
}

// Parse parses a source into the Driver's FileSet and applies its #pragma D options.
func (d *Driver) Parse(src Source) (*Parsed, error) {
	popts := &parser.Options{MacroArgs: d.MacroArgs, MacroVars: d.MacroVars, FileSet: d.Files}
	var prog *ast.Program
	var err error
	if src.Script {
		prog, err = parser.ParseProgram(src.Name, []byte(src.Text), popts)
	} else {
		prog, err = parser.ParseProbeSpec(src.Text, popts)
	}
	if err != nil {
		return nil, sourceError(src, err, true)
	}
	for _, p := range prog.Pragmas {
		name, val, ok := p.Option()
		if !ok {
			continue
		}
		if err := d.Options.SetPragma(name, val); err != nil {
			e := diag.Errorf(prog.Position(p.Pos()), diag.D_PRAGMA_INVAL, "failed to set option '%s': %v", name, err)
			return nil, sourceError(src, e, true)
		}
	}
	return &Parsed{Source: src, Prog: prog}, nil
}

// Matched is a parsed source and the probes its descriptions match.
type Matched struct {
	*Parsed
	// Clauses lists per clause the probes it enables, each once, in order.
	Clauses [][]*provider.Probe
	// Descs lists per probe description the probes it matches.
	Descs map[*ast.ProbeDesc][]*provider.Probe
	// Total is the number of probes enabled, counted per clause as dtrace(1) counts.
	Total int
}

// Match matches every probe description of a parsed source against the catalogue (which
// Open must have loaded). A description that matches nothing is an error, unless -Z
// (zdefs) or -l.
func (d *Driver) Match(p *Parsed) (*Matched, error) {
	prog := p.Prog
	m := &Matched{Parsed: p, Descs: map[*ast.ProbeDesc][]*provider.Probe{}}
	for _, cl := range prog.Clauses {
		var ps []*provider.Probe
		seen := map[uint32]bool{}
		for _, desc := range cl.Probes {
			got, err := d.Catalogue.Match(desc.Provider, desc.Module, desc.Function, desc.Name)
			if err != nil {
				e := diag.Errorf(prog.Position(desc.Pos()), diag.D_PDESC_INVAL, "%s", err.Error())
				return nil, sourceError(p.Source, e, true)
			}
			if len(got) == 0 && !d.Options.ZDefs && !d.List {
				msg := fmt.Sprintf("probe description %s:%s:%s:%s does not match any probes", desc.Provider, desc.Module, desc.Function, desc.Name)
				if why, ok := provider.MissingProbe(desc.Provider, desc.Name); ok {
					msg += ": " + why
				}
				e := diag.Errorf(prog.Position(desc.Pos()), diag.D_PDESC_ZERO, "%s", msg)
				return nil, sourceError(p.Source, e, true)
			}
			m.Descs[desc] = got
			for _, pr := range got {
				if !seen[pr.ID] {
					seen[pr.ID] = true
					ps = append(ps, pr)
				}
			}
		}
		m.Clauses = append(m.Clauses, ps)
		m.Total += len(ps)
	}
	return m, nil
}

// Checked is a matched source and the checker's results.
type Checked struct {
	*Matched
	Info *types.Info
}

// Check type-checks a matched source (see check.go).
func (d *Driver) Check(m *Matched) (*Checked, error) {
	info, err := d.check(m)
	if err != nil {
		return nil, sourceError(m.Source, err, true)
	}
	return &Checked{Matched: m, Info: info}, nil
}

// FrontEnd runs Preprocess, Parse, Match and Check over each source in turn (each source
// is compiled before the next is read, as dtrace(1) compiles its programs); Open must
// have loaded the catalogue.
func (d *Driver) FrontEnd(srcs []Source) ([]*Checked, error) {
	var out []*Checked
	for _, s := range srcs {
		m, err := d.match(s)
		if err != nil {
			return nil, err
		}
		c, err := d.Check(m)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// match runs Preprocess, Parse and Match over one source.
func (d *Driver) match(s Source) (*Matched, error) {
	s, err := d.Preprocess(s)
	if err != nil {
		return nil, err
	}
	p, err := d.Parse(s)
	if err != nil {
		return nil, err
	}
	return d.Match(p)
}

// MatchSources runs Preprocess, Parse and Match over each source in turn, without
// checking (dtrace -l); Open must have loaded the catalogue.
func (d *Driver) MatchSources(srcs []Source) ([]*Matched, error) {
	var out []*Matched
	for _, s := range srcs {
		m, err := d.match(s)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// ListProbes writes the probes the sources match, each once, or every probe of the catalogue
// when there is no source (dtrace -l).
func (d *Driver) ListProbes(ms []*Matched) error {
	var ps []*provider.Probe
	if len(ms) == 0 {
		ps = d.Catalogue.Probes()
	}
	seen := map[uint32]bool{}
	for _, m := range ms {
		for _, cl := range m.Clauses {
			for _, p := range cl {
				if !seen[p.ID] {
					seen[p.ID] = true
					ps = append(ps, p)
				}
			}
		}
	}
	return provider.List(d.Out, ps)
}

// Compile compiles every checked source into one object: DTrace's programs share one
// state. With Asm set it writes the programs' listing there. That no description matched
// a probe is an error here, after the listing, unless -Z.
func (d *Driver) Compile(cs []*Checked) (*compiler.Object, error) {
	prog, matches := merge(cs)
	if len(cs) > 1 {
		prog.Files = d.Files
	}
	infos := make([]*types.Info, len(cs))
	for i, c := range cs {
		infos[i] = c.Info
	}
	cm := make([][]compiler.Probe, len(matches))
	for i, m := range matches {
		cm[i] = session.Probes(m)
	}
	obj, err := d.CompileProgram(prog, infos, cm)
	if err != nil {
		return nil, compileError(cs, err)
	}
	if d.Asm != nil {
		printAsm(d.Asm, obj)
	}
	total := 0
	for _, c := range cs {
		total += c.Total
	}
	if total == 0 && !d.Options.ZDefs {
		return nil, errors.New("no probes matched")
	}
	return obj, nil
}

// CompileProgram compiles prog (one source, or several merged) for the probes matches
// lists per clause, with the checker's results for each of its sources.
func (d *Driver) CompileProgram(prog *ast.Program, infos []*types.Info, matches [][]compiler.Probe) (*compiler.Object, error) {
	if len(infos) == 0 {
		return nil, errors.New("compile: the program has not been checked")
	}
	o := d.Options
	conf := &compiler.Config{StrSize: o.StrSize, Quiet: o.Quiet, BufSize: o.BufSize, AggSize: o.AggSize}
	return compiler.Compile(prog, types.Merge(infos...), matches, conf)
}

// compileError attributes a code-generation error to the source its position is in.
func compileError(cs []*Checked, err error) error {
	e := diag.First(err)
	if e == nil || len(cs) == 0 {
		return err
	}
	src := cs[0].Source
	for _, c := range cs {
		if c.Prog.File != nil && c.Prog.File.Name() == e.Pos.Filename {
			src = c.Source
			break
		}
	}
	return &SourceError{Source: src, Err: e}
}

// merge concatenates the clauses of every source into one program.
func merge(cs []*Checked) (*ast.Program, [][]*provider.Probe) {
	switch len(cs) {
	case 0:
		return &ast.Program{}, nil
	case 1:
		return cs[0].Prog, cs[0].Clauses
	}
	prog := &ast.Program{File: cs[0].Prog.File, EOF: cs[0].Prog.EOF}
	var matches [][]*provider.Probe
	for _, c := range cs {
		prog.Decls = append(prog.Decls, c.Prog.Decls...)
		prog.Clauses = append(prog.Clauses, c.Prog.Clauses...)
		prog.Pragmas = append(prog.Pragmas, c.Prog.Pragmas...)
		matches = append(matches, c.Clauses...)
	}
	return prog, matches
}

// ErrText is the strerror-like text of an error, as dtrace(1) prints a system error.
func ErrText(err error) string {
	if errors.Is(err, exec.ErrNotFound) {
		return "No such file or directory"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		s := errno.Error()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return err.Error()
}
