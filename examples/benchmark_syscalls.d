/*
 * benchmark_syscalls.d: count the system calls io-static makes inside its timed
 * loop, the stretch between its two clock_gettime calls (L41 Lab 1).
 */

self int in_benchmark;
self int done;

syscall::clock_gettime:return
/execname == "io-static" && !self->in_benchmark && !self->done/
{
	self->in_benchmark = 1;
}

syscall::clock_gettime:entry
/self->in_benchmark/
{
	self->in_benchmark = 0;
	self->done = 1;
}

syscall:::entry
/self->in_benchmark/
{
	@syscalls[probefunc] = count();
}
