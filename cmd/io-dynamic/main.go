// See cmd/io-static for these settings.

//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

// Command io-dynamic is the L41 Lab 1 I/O benchmark, dynamically linked against libc
// (CGO_ENABLED=1; the runtime/cgo import makes the linker use the system's dynamic linker
// and libc.so.6). See package github.com/godtrace/godtrace/bench/iobench for its interface;
// cmd/io-static is the same program linked statically.
package main

import (
	_ "runtime/cgo"

	"github.com/godtrace/godtrace/bench/iobench"
)

func init() { iobench.LockMain() }

func main() { iobench.Main("io-dynamic") }
