/*
 * first_reads.d: the first ten read(2) calls of io-static's timed loop, one line each
 * (time since the loop began, thread, descriptor, bytes asked and returned); exit()s after.
 */
#pragma D option quiet

self int in_benchmark;
self int done;

BEGIN
{
	printf("%8s %7s %3s %8s %8s\n", "TIME(us)", "TID", "FD", "ASKED", "GOT");
}

syscall::clock_gettime:return
/execname == "io-static" && !self->in_benchmark && !self->done/
{
	self->in_benchmark = 1;
	self->start = timestamp;
}

syscall::read:entry
/self->in_benchmark && self->reads++ < 10/
{
	self->fd = arg0;
	self->asked = arg2;
}

syscall::read:return
/self->asked/
{
	printf("%8d %7d %3d %8d %8d\n", (timestamp - self->start) / 1000, tid,
	    self->fd, self->asked, (int)arg0);
	self->asked = 0;
}

syscall::read:return
/self->reads == 10/
{
	exit(0);
}
