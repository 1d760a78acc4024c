/*
 * top_syscalls.d: the ten busiest (program, system call) pairs while tracing runs;
 * failed calls are counted separately by errno.
 */
syscall:::entry
{
	@calls[execname, probefunc] = count();
}

syscall:::return
/errno != 0/
{
	@errors[execname, probefunc, errno] = count();
}

END
{
	trunc(@calls, 10);
	trunc(@errors, 5);
}
