// Package examples holds D scripts ported from the Cambridge L41 course's labs and
// handouts, as students would type them, each runnable unchanged with godtrace on Linux
// (README.md says what each does, how to run it and which FreeBSD names it relies on).
//
// The package has no Go API: examples_test.go builds godtrace and io-static, runs every
// script in this directory through the real binary as root against a real workload
// (io-static, dd) and checks the content of its output.
package examples
