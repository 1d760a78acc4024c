package provider

import (
	"strings"
	"testing"
)

func TestMissing(t *testing.T) {
	for name, want := range map[string]string{
		"sched": "sched provider", "pid123": "pid provider", "pid": "pid provider",
		"lockstat": "lockstat provider", "io": "io provider",
	} {
		r, ok := Missing(name)
		if !ok || !strings.Contains(r, want) {
			t.Errorf("Missing(%q) = %q, %v; want a reason naming the %s", name, r, ok, want)
		}
	}
	for _, name := range []string{"syscall", "proc", "profile", "dtrace", "fbt", "pidx", "sch*"} {
		if r, ok := Missing(name); ok {
			t.Errorf("Missing(%q) = %q; it is provided or not a DTrace provider name", name, r)
		}
	}
}
