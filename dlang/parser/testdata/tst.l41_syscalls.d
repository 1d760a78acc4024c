#!/usr/sbin/dtrace -s
/*
 * Typical L41 lab scripts: syscall counting, timing, aggregations.
 */
#pragma D option quiet
#pragma D option bufsize=16m
#pragma D option aggsize=4m

int nreads;
self uint64_t ts;

syscall::clock_gettime:return
/execname == "io-static" && self->start == 0/
{
	self->start = timestamp;
}

syscall::read:entry,
syscall::write:entry
/execname == "io-static"/
{
	self->ts = timestamp;
	@calls[probefunc] = count();
	nreads++;
}

syscall::read:return,
syscall::write:return
/self->ts/
{
	@lat[probefunc] = quantize(timestamp - self->ts);
	@total = sum(timestamp - self->ts);
	@avg[execname, probefunc] = avg(arg0);
	@lq = lquantize(arg0, 0, 100, 10);
	@mx = max(arg0); @mn = min(arg0);
	self->ts = 0;
}

syscall:::entry
/pid == $target/
{
	@syscalls[probefunc] = count();
}

profile-997
/execname == "io-static" && arg0 != 0/
{
	@stacks[stack()] = count();
	@ustacks[ustack(10)] = count();
}

tick-1sec
{
	printa("%-20s %@d\n", @calls);
	printa(@lat);
	trunc(@stacks, 10);
	normalize(@total, 1000);
	clear(@calls);
}

sched:::on-cpu
/execname == "io-static"/
{
	self->on = vtimestamp;
}

sched:::off-cpu
/self->on/
{
	@oncpu = sum(vtimestamp - self->on);
	self->on = 0;
}

END
{
	printf("%d reads, %s %s\n", nreads, execname, probeprov);
	printf("%Y\n", walltimestamp);
	tracemem(arg0, 16);
	exit(0);
}
