/*
 * syscall_json.d: io-static's system calls with their counts and total time, printed
 * as one JSON object a line for a notebook to load (json.loads per line).
 */
#pragma D option quiet

syscall:::entry
/execname == "io-static"/
{
	self->ts = timestamp;
}

syscall:::return
/self->ts/
{
	@count[probefunc] = count();
	@time[probefunc] = sum(timestamp - self->ts);
	self->ts = 0;
}

END
{
	printa("{\"syscall\": \"%s\", \"count\": %@d, \"time_ns\": %@d}\n", @count, @time);
}
