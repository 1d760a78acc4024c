// Package iocompare compares the bandwidth of io-static (the Go rewrite of the L41 I/O
// benchmark, bench/iobench) with a minimal C loop making the same system calls, compiled by
// the benchmark itself with the machine's gcc.
//
// It is a Go benchmark, not a pass/fail test: `make bench` (or
// `go test -run='^$' -bench=IOStaticVsC -benchtime=1x ./bench/iocompare`) builds io-static
// with CGO_ENABLED=0 and testdata/loop.c with gcc -O2 (statically when the C library allows
// it, like io-static), creates a data file, and then, for buffer sizes 512 B to 1 MiB and
// for read and write from and to the page cache, runs io-static, the C loop and the C loop
// again in interleaved rounds (the order rotates between rounds), all pinned to one CPU and
// all under one neutral command name ("iocompare", so that tracers keyed on
// execname == "io-static", such as the tracer's own tests running on the same machine,
// touch neither).
// Each run reports its own clock_gettime-bracketed loop time; the table gives per cell the
// median bandwidth of each program, the median over rounds of the paired ratio Go/C, and
// the same for C/C' as a control that shows how far two identical programs differ on this
// machine at this moment. The goal is Go >= 0.97 x C at every size; docs/io-benchmark.md
// holds a measured table.
//
// Environment: IOCOMPARE_ROUNDS (default 21) rounds per cell; IOCOMPARE_TOTAL (default
// 16777216, the lab's totalsize) bytes per run; IOCOMPARE_DIR (default the test's temporary
// directory) where the data file lives; IOCOMPARE_CPU (default the last CPU; "none" for no
// pinning) the CPU all runs are pinned to.
package iocompare
