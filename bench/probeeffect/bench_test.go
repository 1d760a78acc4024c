// This file implements the benchmark entry point `make bench` runs
// (go test -run='^$' -bench=. -benchtime=1x ./bench/...).

package probeeffect

import (
	"flag"
	"os"
	"testing"
	"time"

	"github.com/godtrace/godtrace/internal/testroot"
)

// BenchmarkProbeEffect runs the whole probe-effect benchmark once and prints its tables
// (markdown) on standard output; progress goes to standard error.
// PROBEEFFECT_ROUNDS, PROBEEFFECT_CALLS and PROBEEFFECT_STARTUP_ROUNDS change its size;
// it stops its rounds early when go test's -timeout (10 minutes by default) is near.
func BenchmarkProbeEffect(b *testing.B) {
	testroot.Require(b, "loading eBPF programs")
	opts := DefaultOptions(os.Stdout)
	if f := flag.Lookup("test.timeout"); f != nil {
		if d, err := time.ParseDuration(f.Value.String()); err == nil && d > 0 {
			opts.Deadline = time.Now().Add(d - 30*time.Second)
		}
	}
	for i := 0; i < b.N; i++ {
		if err := Run(opts); err != nil {
			b.Fatal(err)
		}
	}
}
