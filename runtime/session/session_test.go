// This file implements the session's kernel tests: verifier rejections are reported
// against the D construct, a session leaves nothing behind, and exiting threads leave no
// thread-local entries.
package session

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/dlang/parser"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/internal/testroot"
	"github.com/godtrace/godtrace/internal/testthread"
	"github.com/godtrace/godtrace/runtime/provider"
	"golang.org/x/sys/unix"
)

func compileBEGIN(t *testing.T, src string) *compiler.Object {
	t.Helper()
	testroot.Require(t, "loading eBPF programs")
	cat, err := provider.Load()
	if err != nil {
		t.Fatal(err)
	}
	prog, err := parser.ParseProgram("x.d", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	var matches [][]compiler.Probe
	for _, cl := range prog.Clauses {
		d := cl.Probes[0]
		ps, err := cat.Match(d.Provider, d.Module, d.Function, d.Name)
		if err != nil {
			t.Fatal(err)
		}
		matches = append(matches, Probes(ps))
	}
	info, err := types.Check(prog, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := compiler.Compile(prog, info, matches, &compiler.Config{Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

// TestVerifierErrorNamesConstruct breaks the instructions generated for one expression
// and checks that the load error names that expression and its line, and keeps the
// verifier's log for -v.
func TestVerifierErrorNamesConstruct(t *testing.T) {
	obj := compileBEGIN(t, "BEGIN\n{\n\tx = 1;\n\ty = x + 41;\n\ttrace(y);\n}\n")
	p := obj.Programs[0]
	raw, broke := 0, false
	for i := range p.Spec.Instructions {
		ins := &p.Spec.Instructions[i]
		if text, _, ok := p.Construct(raw); ok && text == "x + 41" && ins.OpCode.Class().IsALU() {
			// A load through a register holding a scalar: the verifier must refuse it.
			*ins = asm.LoadMem(asm.R1, asm.R1, 0, asm.DWord).WithSymbol(ins.Symbol())
			broke = true
			break
		}
		raw += int(ins.Width())
	}
	if !broke {
		t.Fatal(`no ALU instruction attributed to "x + 41"`)
	}
	var out bytes.Buffer
	_, err := Load(obj, Config{Prog: "test", Out: &out, Err: &out})
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("got %v, want a *LoadError", err)
	}
	msg := err.Error()
	t.Log(msg)
	for _, want := range []string{"clause BEGIN (line 1)", `"x + 41" at line 4`, "verifier"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
	var ve *ebpf.VerifierError
	if !errors.As(err, &ve) || len(ve.Log) == 0 {
		t.Errorf("the verifier log is not reachable for -v: %v", err)
	}
}

// TestNoLeaks runs a session to its end and checks that every file descriptor it
// opened (maps, programs, links, ring buffer epoll) is closed.
func TestNoLeaks(t *testing.T) {
	obj := compileBEGIN(t, `BEGIN { self->x = 1; trace(vtimestamp); exit(0); } syscall::read:entry { n++; }`)
	before := countFDs(t)
	var out bytes.Buffer
	s, err := Load(obj, Config{Prog: "test", Out: &out, Err: &out, Printer: NewPrinter(&out, true, false)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Arm(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(context.Background(), Hooks{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if after := countFDs(t); after > before {
		t.Errorf("%d file descriptors before the session, %d after", before, after)
	}
}

func countFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// TestThreadLocalsFreedAtThreadExit checks that a thread's self-> entries leave the maps
// when the thread exits, so a later thread reusing its tid starts with every self->
// variable unset, as DTrace's thread-locals (keyed by a never-reused thread) do.
func TestThreadLocalsFreedAtThreadExit(t *testing.T) {
	obj := compileBEGIN(t, `syscall::getppid:entry { self->x = 7; }`)
	var out bytes.Buffer
	s, err := Load(obj, Config{Prog: "test", Out: &out, Err: &out, Printer: NewPrinter(&out, true, false)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Arm(); err != nil {
		t.Fatal(err)
	}
	if err := s.setState(compiler.StateActive); err != nil { // as Run does after BEGIN
		t.Fatal(err)
	}
	m := s.maps[compiler.ThreadLocalMapPrefix+"x"]
	if m == nil {
		t.Fatalf("no map for self->x among %v", obj.Maps)
	}
	// Set self->x on a thread that then ends, and look it up while the thread lives.
	var key, val uint64
	var lookupErr error
	testthread.OnExitingThread(t, func(tid int) {
		unix.Getppid()
		key = uint64(os.Getpid())<<32 | uint64(tid)
		lookupErr = m.Lookup(key, &val)
	})
	if lookupErr != nil || val != 7 {
		t.Fatalf("while its thread lived, self->x = %d (%v), want 7", val, lookupErr)
	}
	var v uint64
	deadline := time.Now().Add(2 * time.Second)
	for m.Lookup(key, &v) == nil {
		if time.Now().After(deadline) {
			t.Fatal("the exited thread's self->x is still in its map")
		}
		time.Sleep(5 * time.Millisecond)
	}
}
