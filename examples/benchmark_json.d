/*
 * benchmark_json.d: one JSON line per io-static run with the number of reads and
 * writes inside the clock_gettime bracket and the time between the two calls.
 */
#pragma D option quiet

self int in_benchmark;
self int done;

syscall::clock_gettime:return
/execname == "io-static" && !self->in_benchmark && !self->done/
{
	self->in_benchmark = 1;
	self->reads = 0;
	self->writes = 0;
	self->start = timestamp;
}

syscall::read:entry
/self->in_benchmark/
{
	self->reads++;
}

syscall::write:entry
/self->in_benchmark/
{
	self->writes++;
}

syscall::clock_gettime:entry
/self->in_benchmark/
{
	printf("{\"pid\": %d, \"reads\": %d, \"writes\": %d, \"time_ns\": %d}\n",
	    pid, self->reads, self->writes, timestamp - self->start);
	self->in_benchmark = 0;
	self->done = 1;
}
