// The runtime's cgroup CPU-limit probing (Go 1.25) costs a traced run six files' worth of
// openat/read/pread64 at start and a periodic re-check; the benchmark wants neither.

//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

// Command io-static is the L41 Lab 1 I/O benchmark, statically linked (CGO_ENABLED=0).
// See package github.com/godtrace/godtrace/bench/iobench for its interface; cmd/io-dynamic
// is the same program linked dynamically against libc.
package main

import "github.com/godtrace/godtrace/bench/iobench"

func init() { iobench.LockMain() }

func main() { iobench.Main("io-static") }
