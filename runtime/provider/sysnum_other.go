// This file implements the system call number table of architectures
// without one: their syscall probes use the per-call tracepoints.

//go:build !(amd64 && linux)

package provider

var syscallNumbers = map[string]int{}
