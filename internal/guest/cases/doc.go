// Package cases holds the tests that run only inside the guest kernel booted by
// internal/guest (build tag "guest"): what the development machine's kernel cannot do
// (fbt through kprobes and fentry, uprobes) and end-to-end runs of bin/godtrace on a
// distribution kernel. The binaries they run are in $GODTRACE_TEST_BINDIR.
package cases
