// Package probeeffect measures the probe effect of godtrace against a floor and against
// bpftrace: how many nanoseconds a traced read(2) costs more than an untraced one, how long
// a tracer takes from its command start until its probes are armed and until it exits, how
// long it takes to detach, its peak resident set size, and how long a large script takes to
// compile.
//
// The workload is a small C program (testdata/workload.c, compiled with the machine's gcc at run
// time into a temporary directory) that pins itself to one CPU and times N calls of
// read(fd, buf, 1) on /dev/zero with clock_gettime(CLOCK_MONOTONIC) around the loop, so
// process start-up and the tracer's own start-up are not in the number. Tracers run on the
// other CPU (taskset -c 0).
//
// The floor is a set of programs hand-assembled here with cilium/ebpf's asm package and
// attached by this package to syscalls:sys_enter_read (and sys_exit_read): the cheapest
// eBPF that does what each D clause pattern asks; a second, "raw" floor runs the same work
// on raw_syscalls:sys_enter behind a call-number test, the mechanism godtrace's syscall
// provider dispatches on. godtrace's overhead is reported as a ratio to the floor, and to
// bpftrace's overhead for the same pattern, beside the targets of issue 6.
//
// The machine may be shared: a run counts only when no other process held a tracing
// program in the read's path from before it to its end (ForeignTracers); others are
// made again or reported apart. docs/performance.md explains every number.
//
// Nothing here fakes a number: a tracer that cannot run a pattern is reported as
// "not yet able to run <clause>: <error>", and bpftrace is installed with apt-get when it
// is missing (or reported as unavailable when that fails).
//
// Requires root, a kernel with syscall tracepoints (tracefs is mounted when missing), gcc,
// and two CPUs.
package probeeffect
