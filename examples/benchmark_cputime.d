/*
 * benchmark_cputime.d: for io-static's timed loop (between its clock_gettime calls),
 * wall-clock time against the thread's on-CPU time, and the time spent inside the
 * read/write system calls themselves.
 */
#pragma D option quiet

self int in_benchmark;
self int done;

syscall::clock_gettime:return
/execname == "io-static" && !self->in_benchmark && !self->done/
{
	self->in_benchmark = 1;
	self->wall = timestamp;
	self->cpu = vtimestamp;
	self->syscall_cpu = 0;
}

syscall::read:entry,
syscall::write:entry
/self->in_benchmark/
{
	self->vts = vtimestamp;
}

syscall::read:return,
syscall::write:return
/self->in_benchmark && self->vts/
{
	self->syscall_cpu += vtimestamp - self->vts;
	self->vts = 0;
}

syscall::clock_gettime:entry
/self->in_benchmark/
{
	this->wall = timestamp - self->wall;
	this->cpu = vtimestamp - self->cpu;
	printf("wall %d ns, on-CPU %d ns (%d%%), in read/write %d ns (%d%% of on-CPU)\n",
	    this->wall, this->cpu, this->cpu * 100 / this->wall,
	    self->syscall_cpu, self->syscall_cpu * 100 / this->cpu);
	self->in_benchmark = 0;
	self->done = 1;
}
