/*
 * The kinds of scripts the L41 labs use, with Linux probe names.
 */
#pragma D option quiet
#pragma D option bufsize=16m

BEGIN
{
	printf("Tracing... Hit Ctrl-C to end.\n");
}

syscall:::entry
/execname == "io-static"/
{
	@syscalls[probefunc] = count();
}

syscall::clock_gettime:return
/execname == "io-static" && !self->in_benchmark/
{
	self->in_benchmark = 1;
	self->start = timestamp;
	self->vstart = vtimestamp;
}

syscall::clock_gettime:entry
/self->in_benchmark/
{
	@time["wall"] = sum(timestamp - self->start);
	@time["cpu"] = sum(vtimestamp - self->vstart);
	self->in_benchmark = 0;
}

syscall::read:entry
/self->in_benchmark && self->i++ < 10/
{
	printf("read(%d, %p, %d)\n", args[0], args[1], args[2]);
}

syscall::read:return
/execname == "dd"/
{
	@bytes = quantize(arg0);
	@lin = lquantize(arg0, 0, 65536, 4096);
}

profile-997
/execname == "io-static"/
{
	@traces[stack()] = count();
	@utraces[ustack()] = count();
}

sched:::off-cpu
/execname == "io-static"/
{
	self->off = timestamp;
}

sched:::on-cpu
/self->off/
{
	@offcpu = quantize(timestamp - self->off);
	self->off = 0;
}

proc:::exec-success
/execname == "io-static"/
{
	printf("{\"pid\": %d, \"ppid\": %d, \"time\": %u}\n", pid, ppid, walltimestamp);
}

syscall::exit_group:entry,
syscall::exit:entry
/pid == $target/
{
	printf("%s exiting: %d\n", execname, arg0);
}

tick-1sec
{
	printa("%-20s %@8d\n", @syscalls);
	printa("%s %@u\n", @time);
	trunc(@syscalls, 5);
	clear(@time);
}

tick-60s
{
	exit(0);
}

END
{
	printa(@traces);
	printa(@bytes);
	normalize(@offcpu, 1000);
	printa(@offcpu);
	trace("done");
}
