/* @@runtest-opts: -q -c "$bin/trigger getppid 1000" */
/* An aggregation updated by a traced process's system calls, printed at exit. */
syscall::getppid:entry
/pid == $target/
{
	@calls[probefunc] = count();
	@bytes = sum(1);
}

END
{
	printa("%s %@d\n", @calls);
}
