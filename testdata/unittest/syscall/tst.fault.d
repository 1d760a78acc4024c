/* @@runtest-opts: -q -c "$bin/trigger openat-enoent" */
/*
 * copyinstr() of a bad address (openat's arg0 is the directory fd, AT_FDCWD) ends the
 * clause with DTrace's error, its output discarded; later clauses still run.
 */
syscall::openat:entry
/pid == $target && arg2 == 0x20000/
{
	printf("discarded\n");
	printf("%s\n", copyinstr(arg0));
}

syscall::openat:entry
/pid == $target && arg2 == 0x20000/
{
	printf("next clause\n");
}
