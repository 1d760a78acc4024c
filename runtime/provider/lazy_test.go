// This file implements the tests of the catalogue's laziness: what a
// description populates, that BTF stays unloaded when nothing needs it, and
// that IDs do not depend on the order providers were populated in.

package provider

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/internal/testroot"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// TestLazyBEGIN enables, loads and fires dtrace:::BEGIN in a fresh process
// (kernel BTF is loaded once per process and other tests load it) and
// checks that no other provider was populated and no BTF was loaded.
func TestLazyBEGIN(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	if os.Getenv("GODTRACE_LAZY_CHILD") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLazyBEGIN$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "GODTRACE_LAZY_CHILD=1")
		out, err := cmd.CombinedOutput()
		// A child that ran no test (renamed, or skipped) exits 0 too.
		if err != nil || !strings.Contains(string(out), "--- PASS: TestLazyBEGIN") {
			t.Fatalf("child: %v\n%s", err, out)
		}
		t.Logf("child:\n%s", out)
		return
	}
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.Match("", "", "", "BEGIN")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ID != 1 || ps[0].String() != "dtrace:::BEGIN" {
		t.Fatalf("BEGIN matched %v", ps)
	}
	prog, err := ebpf.NewProgram(ps[0].ProgramSpec("begin", asm.Instructions{asm.Mov.Imm(asm.R0, 7), asm.Return()}))
	if err != nil {
		t.Fatal(err)
	}
	defer prog.Close()
	l, err := ps[0].Attach(prog)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if ret, err := l.(*FireLink).Fire(); err != nil || ret != 7 {
		t.Fatalf("Fire = %d, %v; want 7", ret, err)
	}
	for _, pr := range []string{"syscall", "proc", "fbt"} {
		if c.Populated(pr) {
			t.Errorf("a BEGIN-only enabling populated the %s provider", pr)
		}
	}
	if kernel.SpecLoaded() {
		t.Error("a BEGIN-only enabling loaded the kernel's BTF")
	}

	// A narrow syscall enabling populates syscall, not proc, and needs no
	// BTF either: its program is on the call's own tracepoint, arguments
	// at the format file's offsets.
	ps, err = c.Match("syscall", "", "read", "entry")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ProgramType != ebpf.TracePoint {
		t.Fatalf("syscall::read:entry matched %v", ps)
	}
	if _, err := ps[0].LoadArg(asm.R6, 2, asm.R0); err != nil {
		t.Fatal(err)
	}
	if !c.Populated("syscall") || c.Populated("proc") {
		t.Errorf("after syscall::read:entry: syscall populated %v, proc %v; want true, false", c.Populated("syscall"), c.Populated("proc"))
	}
	if kernel.SpecLoaded() {
		t.Error("a narrow syscall enabling loaded the kernel's BTF")
	}
	// profile:::tick-1s takes the ID after every static probe before it
	// (syscall's, proc's): proc is populated, still without BTF.
	ps, err = c.Match("profile", "", "", "tick-1s")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || !c.Populated("proc") {
		t.Fatalf("profile:::tick-1s matched %v; proc populated %v", ps, c.Populated("proc"))
	}
	if kernel.SpecLoaded() {
		t.Error("populating proc loaded the kernel's BTF")
	}
	t.Logf("BEGIN, syscall::read:entry, profile:::tick-1s: %d probes enumerated, no BTF loaded", len(c.probes))
	// Enabling a proc probe decides from BTF whether it runs on a raw
	// tracepoint.
	ps, err = c.Match("proc", "", "", "exec-success")
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ProgramType != ebpf.RawTracepoint || !kernel.SpecLoaded() {
		t.Errorf("proc:::exec-success: %v, %v, BTF loaded %v; want a raw tracepoint probe, BTF loaded", ps, ps[0].ProgramType, kernel.SpecLoaded())
	}
}

// TestLazyIDs checks that a probe's ID is the same whichever descriptions
// populated the catalogue: that of a full listing.
func TestLazyIDs(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	full, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := make(map[string]uint32)
	for _, p := range full.Probes() {
		want[p.String()] = p.ID
	}
	for _, descs := range [][4]string{
		{"proc", "", "", "exec-success"},
		{"", "", "", "BEGIN"},
		{"syscall", "", "exit", "entry"},
		{"", "", "", "entry"},
		{"", "", "", "tick-1s"}, // created on demand after syscall's and proc's
	} {
		c, err := Load()
		if err != nil {
			t.Fatal(err)
		}
		ps, err := c.Match(descs[0], descs[1], descs[2], descs[3])
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) == 0 {
			t.Fatalf("%v matched nothing", descs)
		}
		if descs[3] == "tick-1s" {
			// A later description must not shift the static IDs.
			if ps, err = c.Match("syscall", "", "read", "entry"); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range ps {
			if want[p.String()] != p.ID {
				t.Errorf("%v: %s has ID %d, %d in the full listing", descs, p, p.ID, want[p.String()])
			}
		}
		if got := c.ByID(ps[len(ps)-1].ID); got != ps[len(ps)-1] {
			t.Errorf("ByID(%d) = %v", ps[len(ps)-1].ID, got)
		}
	}
	// ByID of a probe of a provider not yet populated populates it.
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	id := want["proc:vmlinux::exit"]
	if p := c.ByID(id); p == nil || p.String() != "proc:vmlinux::exit" {
		t.Errorf("ByID(%d) on a fresh catalogue = %v, want proc:vmlinux::exit", id, p)
	}
}
