// Package testroot is how a test that needs root says so. Most of godtrace's tests load
// eBPF programs, attach probes or read tracefs, which only root may do; `make test` and CI
// run as root. Run as any other user, such a test skips, printing what needs root, so that
// `go test -v` shows SKIP and why, and a package of such tests never says a bare "ok" for
// tests that did not run. With RequireEnv set (make test sets it), a test that needs root
// fails instead of skipping: a test run that was meant to run everything cannot pass by
// skipping it.
package testroot

import (
	"os"
	"testing"
)

// RequireEnv, when set to a non-empty value, turns Require's skip into a failure.
const RequireEnv = "GODTRACE_TEST_REQUIRE_ROOT"

// IsRoot reports whether the tests run as root (effective user ID 0).
func IsRoot() bool { return os.Geteuid() == 0 }

// Require skips the test unless it runs as root, printing that what needs root (for
// example "loading eBPF programs") needs it; with RequireEnv set it fails the test
// instead. Call it first, before the test does anything that needs root.
func Require(tb testing.TB, what string) {
	tb.Helper()
	require(tb, what, IsRoot())
}

func require(tb testing.TB, what string, root bool) {
	tb.Helper()
	if root {
		return
	}
	if os.Getenv(RequireEnv) != "" {
		tb.Fatalf("%s needs root, and %s is set: run the tests as root", what, RequireEnv)
		return // (Fatalf does not return; a test's recorder does)
	}
	tb.Skipf("%s needs root (make test runs the tests as root)", what)
}
