/* @@runtest-opts: -q $testpid */
/* BEGIN fires in godtrace's own thread: its execname, pid, and ppid (the test). */
BEGIN
{
	printf("%s %d %d %d %d\n", execname, pid == $pid, ppid == $1, uid == $uid, tid > 0);
	printf("%s:%s:%s:%s %d\n", probeprov, probemod, probefunc, probename, cpu);
	exit(0);
}
