// This file implements the benchmark entry point `make bench` runs
// (go test -run='^$' -bench=. -benchtime=1x ./bench/...).

package probeeffect

import (
	"os"
	"testing"
)

// BenchmarkProbeEffect runs the whole probe-effect benchmark once and prints its tables
// (markdown) on standard output; progress goes to standard error.
// PROBEEFFECT_ROUNDS, PROBEEFFECT_CALLS and PROBEEFFECT_STARTUP_ROUNDS change its size.
func BenchmarkProbeEffect(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if err := Run(DefaultOptions(os.Stdout)); err != nil {
			b.Fatal(err)
		}
	}
}
