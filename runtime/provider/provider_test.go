// This file implements the catalogue tests: globbing, matching, IDs,
// aliases, listing, and the fbt provider's error.

package provider

import (
	"bytes"
	"strings"
	"testing"

	"github.com/cilium/ebpf"

	"github.com/godtrace/godtrace/internal/testroot"
)

func TestGlob(t *testing.T) {
	for _, tc := range []struct {
		pat, s string
		want   bool
	}{
		{"", "anything", true},
		{"read", "read", true},
		{"read", "readv", false},
		{"read*", "readv", true},
		{"*read*", "pread64", true},
		{"*exit", "exit_group", false},
		{"?ead", "read", true},
		{"?ead", "ead", false},
		{"[rw]ead", "wead", true},
		{"[rw]ead", "bead", false},
		{"[a-c]x", "bx", true},
		{"[!a-c]x", "bx", false},
		{"[!a-c]x", "dx", true},
		{`\*x`, "*x", true},
		{`\*x`, "ax", false},
		{"a*b*c", "aXbYc", true},
		{"a*b*c", "aXbY", false},
		{"[ab", "[ab", true},
		{"tick-1sec", "tick-1sec", true},
	} {
		if got := Glob(tc.pat, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tc.pat, tc.s, got, tc.want)
		}
	}
}

func names(ps []*Probe) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String())
	}
	return out
}

func TestCatalogue(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	c := catalogue(t)
	for i, name := range []string{"BEGIN", "END", "ERROR"} {
		ps, err := c.Match("dtrace", "", "", name)
		if err != nil || len(ps) != 1 || ps[0].ID != uint32(i+1) {
			t.Fatalf("dtrace:::%s = %v, %v; want ID %d", name, names(ps), err, i+1)
		}
	}
	// Empty fields match everything; BEGIN alone is :::BEGIN.
	if ps, _ := c.Match("", "", "", "BEGIN"); len(ps) != 1 || ps[0].ID != 1 {
		t.Errorf(":::BEGIN = %v", names(ps))
	}
	for id, p := range c.Probes() {
		if p.ID != uint32(id+1) || c.ByID(p.ID) != p {
			t.Fatalf("probe %s has ID %d at index %d", p, p.ID, id)
		}
	}

	entries, _ := c.Match("syscall", "", "", "entry")
	returns, _ := c.Match("syscall", "", "", "return")
	if len(entries) < 300 || len(entries) != len(returns) {
		t.Errorf("%d syscall entry probes, %d return probes", len(entries), len(returns))
	}

	for _, tc := range []struct {
		desc [4]string
		want []string
	}{
		{[4]string{"syscall", "", "exit", "entry"}, []string{"syscall:vmlinux:exit:entry", "syscall:vmlinux:exit_group:entry"}},
		{[4]string{"syscall", "", "*exit", "entry"}, []string{"syscall:vmlinux:exit:entry", "syscall:vmlinux:exit_group:entry"}},
		{[4]string{"syscall", "", "open", "entry"}, []string{"syscall:vmlinux:open:entry", "syscall:vmlinux:openat:entry"}},
		{[4]string{"syscall", "", "read", ""}, []string{"syscall:vmlinux:read:entry", "syscall:vmlinux:read:return"}},
		{[4]string{"syscall", "vmlinux", "clock_gettime", "return"}, []string{"syscall:vmlinux:clock_gettime:return"}},
		{[4]string{"syscall", "", "*fork", "entry"}, []string{"syscall:vmlinux:clone:entry", "syscall:vmlinux:clone3:entry", "syscall:vmlinux:fork:entry", "syscall:vmlinux:vfork:entry"}},
		{[4]string{"proc", "", "", "exec*"}, []string{"proc:vmlinux::exec", "proc:vmlinux::exec-success", "proc:vmlinux::exec-failure"}},
		{[4]string{"syscall", "", "no_such_call", "entry"}, nil},
	} {
		ps, err := c.Match(tc.desc[0], tc.desc[1], tc.desc[2], tc.desc[3])
		if err != nil {
			t.Errorf("%v: %v", tc.desc, err)
			continue
		}
		if got := names(ps); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%v matched %v, want %v", tc.desc, got, tc.want)
		}
	}

	// These proc probes use raw tracepoints (fast to detach).
	raw := []string{"exec-success", "exit", "lwp-exit"}
	if _, ok := syscallNumber("execve"); ok {
		raw = append(raw, "exec", "exec-failure", "start", "lwp-start")
	}
	for _, name := range raw {
		if ps, _ := c.Match("proc", "", "", name); len(ps) != 1 || ps[0].ProgramType != ebpf.RawTracepoint {
			t.Errorf("proc:::%s: %v", name, names(ps))
		}
	}

	// probefunc is the Linux name.
	ps, _ := c.Match("syscall", "", "exit", "entry")
	if ps[1].Function != "exit_group" {
		t.Errorf("probefunc of the exit alias = %q", ps[1].Function)
	}

	// Profile probes are created on demand, once.
	a, _ := c.Match("profile", "", "", "tick-1sec")
	b, _ := c.Match("", "", "", "tick-1sec")
	if len(a) != 1 || len(b) != 1 || a[0] != b[0] || a[0].ID <= 3 {
		t.Errorf("tick-1sec: %v then %v", names(a), names(b))
	}
	// A pattern matches the probes created so far (other tests create some).
	ps, _ = c.Match("profile", "", "", "tick-*")
	found := false
	for _, p := range ps {
		if !strings.HasPrefix(p.Name, "tick-") {
			t.Errorf("profile:::tick-* matched %s", p)
		}
		found = found || p == a[0]
	}
	if !found {
		t.Errorf("profile:::tick-* = %v, want tick-1sec among them", names(ps))
	}

	// Listing.
	var buf bytes.Buffer
	if err := List(&buf, c.Probes()[:4]); err != nil {
		t.Fatal(err)
	}
	want := "   ID   PROVIDER            MODULE                          FUNCTION NAME\n" +
		"    1     dtrace                                                     BEGIN\n" +
		"    2     dtrace                                                     END\n" +
		"    3     dtrace                                                     ERROR\n"
	if !strings.HasPrefix(buf.String(), want) {
		t.Errorf("listing:\n%s\nwant prefix:\n%s", buf.String(), want)
	}
	if !strings.Contains(buf.String(), "    4    syscall           vmlinux ") {
		t.Errorf("listing line 4: %q", strings.Split(buf.String(), "\n")[4])
	}
}

func TestParseProfileName(t *testing.T) {
	for _, tc := range []struct {
		name, kind string
		ns         int64
	}{
		{"tick-1sec", "tick", 1e9},
		{"tick-60s", "tick", 60e9},
		{"profile-997", "profile", 1000000000 / 997},
		{"profile-97hz", "profile", 1000000000 / 97},
		{"tick-10ms", "tick", 10e6},
	} {
		kind, d, err := ParseProfileName(tc.name)
		if err != nil || kind != tc.kind || d.Nanoseconds() != tc.ns {
			t.Errorf("ParseProfileName(%q) = %s, %v, %v", tc.name, kind, d, err)
		}
	}
	for _, bad := range []string{"tick-", "tick-0", "tick-5parsecs", "BEGIN", "tock-1s"} {
		if _, _, err := ParseProfileName(bad); err == nil {
			t.Errorf("ParseProfileName(%q) accepted", bad)
		}
	}
}

func TestFbt(t *testing.T) {
	testroot.Require(t, "tracing (tracefs, eBPF programs)")
	c := catalogue(t)
	var fbt *fbtProvider
	for _, pr := range c.providers {
		if f, ok := pr.(*fbtProvider); ok {
			fbt = f
		}
	}
	ps, err := c.Match("fbt", "", "vfs_read", "entry")
	if fbt.reason == nil {
		// A kernel with kprobes: the probe must exist.
		if err != nil || len(ps) != 1 {
			t.Fatalf("fbt::vfs_read:entry = %v, %v", names(ps), err)
		}
		return
	}
	t.Logf("fbt unavailable here: %v", err)
	if err == nil || !strings.HasPrefix(err.Error(), "fbt provider requires kprobes or fentry, which this kernel does not allow: ") {
		t.Fatalf("fbt::vfs_read:entry = %v, %v; want the clear error", names(ps), err)
	}
	// A wildcard provider does not trip over fbt.
	if _, err := c.Match("*", "", "vfs_read", "entry"); err != nil {
		t.Errorf("*::vfs_read:entry: %v", err)
	}
}
