// This file implements the tests of what the compiler emits, which load nothing into the
// kernel and so run as any user: the probes are fakes behind the compiler.Probe seam
// (compile_test.go's kernel tests use the catalogue's real probes and load what they
// compile).
package compiler_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
)

// fakeProbe is a compiler.Probe needing no kernel: a raw tracepoint program whose
// context is the array of its argument words, as the dtrace provider's probes are.
type fakeProbe struct{ info compiler.ProbeInfo }

func (p *fakeProbe) Info() compiler.ProbeInfo                             { return p.info }
func (p *fakeProbe) ProgramType() ebpf.ProgramType                        { return ebpf.RawTracepoint }
func (p *fakeProbe) AttachType() ebpf.AttachType                          { return ebpf.AttachNone }
func (p *fakeProbe) AttachTo() string                                     { return "" }
func (p *fakeProbe) Guard(asm.Register, string) (asm.Instructions, error) { return nil, nil }

func (p *fakeProbe) LoadArg(ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	return asm.Instructions{asm.LoadMem(dst, ctx, int16(8*n), asm.DWord)}, nil
}

func (p *fakeProbe) Errno(ctx, dst asm.Register) (asm.Instructions, error) {
	return asm.Instructions{asm.Mov.Imm(dst, 0)}, nil
}

// fakeProbes is a catalogue of fake probes: each fully specified description names one
// probe, the same one (same ID) wherever it is written; BEGIN, END and ERROR are dtrace's.
type fakeProbes map[string]*fakeProbe

func (fp fakeProbes) match(t *testing.T, cl *ast.Clause) []compiler.Probe {
	t.Helper()
	var ps []compiler.Probe
	for _, d := range cl.Probes {
		prov := d.Provider
		if prov == "" && (d.Name == "BEGIN" || d.Name == "END" || d.Name == "ERROR") {
			prov = "dtrace"
		}
		if prov == "" || d.Name == "" || strings.ContainsAny(d.Text, "*?[") {
			t.Fatalf("%s: a fake probe needs a provider, a name and no wildcard", d.Text)
		}
		key := prov + ":" + d.Module + ":" + d.Function + ":" + d.Name
		p := fp[key]
		if p == nil {
			p = &fakeProbe{compiler.ProbeInfo{ID: uint32(len(fp) + 1), Provider: prov,
				Module: d.Module, Function: d.Function, Name: d.Name}}
			fp[key] = p
		}
		ps = append(ps, p)
	}
	return ps
}

// compileFake parses, checks and compiles src for fake probes.
func compileFake(t *testing.T, src string, conf *compiler.Config) (*compiler.Object, error) {
	t.Helper()
	return compileWith(t, src, conf, fakeProbes{}.match)
}

// TestCompileErrors checks that errors are positioned, not panics: the checker's (the
// compiler is given only checked programs) and the code generator's own, for what it
// cannot generate yet.
func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct{ src, msg string }{
		{"BEGIN { x = y; }", "failed to resolve y: Unknown variable name"},
		{"BEGIN { printf(\"%d\", self->never); }", "self->never has not yet been declared or assigned"},
		{"BEGIN { trace(basename(\"a/b\")); }", "basename( ) is not supported yet"},
	} {
		_, err := compileFake(t, tc.src, nil)
		e := diag.First(err)
		if e == nil || !strings.Contains(e.Msg, tc.msg) || e.Pos.Line != 1 {
			t.Errorf("%s: got %v, want line 1: %s", tc.src, err, tc.msg)
		}
	}
}

// manyClauses is 2800 BEGIN clauses counting n up to 2800, then one printing it.
var manyClauses = func() string {
	var b strings.Builder
	for i := 0; i < 2800; i++ {
		fmt.Fprintf(&b, "BEGIN /n == %d/ { n++; }\n", i)
	}
	b.WriteString(`BEGIN { printf("%d", n); exit(0); }`)
	return b.String()
}()

// TestManyClausesLongJumps: manyClauses is one program too long for a 16-bit jump to
// cross, which TestManyClauses runs.
func TestManyClausesLongJumps(t *testing.T) {
	obj, err := compileFake(t, manyClauses, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(obj.Programs) != 1 || len(obj.EPIDs) != 2801 {
		t.Fatalf("%d programs, %d enabled probe IDs; want 1 program of 2801 clauses", len(obj.Programs), len(obj.EPIDs))
	}
	if n := len(obj.Programs[0].Spec.Instructions); n < 1<<15 {
		t.Fatalf("%d instructions: too few to test long jumps", n)
	}
}

// TestKeysAreNotActions: stack() or func() as an aggregation key is a value, not the
// action of the same name: the clause records nothing (and prints no probe line).
func TestKeysAreNotActions(t *testing.T) {
	obj, err := compileFake(t, `syscall::read:entry { @s[stack()] = count(); @f[func(arg0)] = count(); }`, &compiler.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(obj.EPIDs) != 1 || len(obj.Programs) != 1 {
		t.Fatalf("%d enabled probe IDs, %d programs; want one of each", len(obj.EPIDs), len(obj.Programs))
	}
	if acts := obj.EPIDs[0].Actions; len(acts) != 0 {
		t.Errorf("%d actions recorded, want none", len(acts))
	}
	stacks := 0
	for _, ins := range obj.Programs[0].Spec.Instructions {
		if !ins.IsBuiltinCall() {
			continue
		}
		switch asm.BuiltinFunc(ins.Constant) {
		case asm.FnRingbufReserve:
			t.Errorf("the clause reserves a record")
		case asm.FnGetStack:
			stacks++
		}
	}
	if stacks != 1 {
		t.Errorf("%d bpf_get_stack calls, want 1: the stack() key's value", stacks)
	}
}

// TestAggConstants: aggregation parameters and stack() frames are the checker's folded
// constants, not only literals.
func TestAggConstants(t *testing.T) {
	obj, err := compileFake(t, `BEGIN { @l = lquantize(arg0, 0, 1+9, 2*1); @s[stack(2*3)] = count(); }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if l, s := obj.Aggs[0], obj.Aggs[1]; l.High != 10 || l.Step != 2 || l.Levels != 5 || s.KSize != 8*6 {
		t.Errorf("lquantize high %d step %d levels %d, want 10 2 5; stack(6) key %d bytes, want 48",
			l.High, l.Step, l.Levels, s.KSize)
	}
}
