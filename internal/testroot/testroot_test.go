package testroot

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that records Skipf and Fatalf instead of ending the test.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = fmt.Sprintf(format, args...)
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = fmt.Sprintf(format, args...)
}

func TestRequire(t *testing.T) {
	for _, tc := range []struct {
		root                  bool
		env                   string
		wantSkipped, wantFail string
	}{
		{root: true},
		{root: true, env: "1"},
		{root: false, wantSkipped: "loading eBPF programs needs root (make test runs the tests as root)"},
		{root: false, env: "1", wantFail: "loading eBPF programs needs root, and " + RequireEnv + " is set: run the tests as root"},
	} {
		t.Setenv(RequireEnv, tc.env)
		r := &recorder{TB: t}
		require(r, "loading eBPF programs", tc.root)
		if r.skipped != tc.wantSkipped || r.failed != tc.wantFail {
			t.Errorf("root %v, %s=%q: skipped %q, failed %q; want %q, %q", tc.root, RequireEnv, tc.env,
				r.skipped, r.failed, tc.wantSkipped, tc.wantFail)
		}
	}
}
