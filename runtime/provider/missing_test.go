package provider

import (
	"strings"
	"testing"
)

func TestMissing(t *testing.T) {
	for name, want := range map[string]string{
		"pid123": "pid provider", "pid": "pid provider",
		"lockstat": "lockstat provider", "io": "io provider",
	} {
		r, ok := Missing(name)
		if !ok || !strings.Contains(r, want) {
			t.Errorf("Missing(%q) = %q, %v; want a reason naming the %s", name, r, ok, want)
		}
	}
	for _, name := range []string{"sched", "syscall", "proc", "profile", "dtrace", "fbt", "pidx", "sch*"} {
		if r, ok := Missing(name); ok {
			t.Errorf("Missing(%q) = %q; it is provided or not a DTrace provider name", name, r)
		}
	}
}

func TestMissingProbe(t *testing.T) {
	if r, ok := MissingProbe("sched", "on-cpu"); !ok || !strings.Contains(r, "sched:::on-cpu") {
		t.Errorf("MissingProbe(sched, on-cpu) = %q, %v; want the reason on-cpu is missing", r, ok)
	}
	if r, ok := MissingProbe("lockstat", "adaptive-acquire"); !ok || !strings.Contains(r, "lockstat provider") {
		t.Errorf("MissingProbe(lockstat, adaptive-acquire) = %q, %v; want the provider's reason", r, ok)
	}
	for _, d := range [][2]string{{"sched", "off-cpu"}, {"sched", "on-*"}, {"syscall", "entry"}} {
		if r, ok := MissingProbe(d[0], d[1]); ok {
			t.Errorf("MissingProbe(%s, %s) = %q; it is provided or a pattern", d[0], d[1], r)
		}
	}
}
