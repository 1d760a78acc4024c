// Go 1.25's cgroup-aware GOMAXPROCS: containermaxprocs=0 makes the runtime close the
// cgroup files it reads at start (so the benchmark's file is fd 3, as in the C original),
// and updatemaxprocs=0 stops sysmon re-reading the CPU limit every second of a run.

//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

// Command io-static is the L41 Lab 1 I/O benchmark, statically linked (CGO_ENABLED=0).
// See package github.com/godtrace/godtrace/bench/iobench for its interface; cmd/io-dynamic
// is the same program linked dynamically against libc.
package main

import "github.com/godtrace/godtrace/bench/iobench"

func init() { iobench.LockMain() }

func main() { iobench.Main("io-static") }
