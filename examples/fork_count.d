/*
 * fork_count.d: process creation by program and call. The FreeBSD name *fork matches
 * Linux's clone, clone3, fork and vfork.
 */
syscall::*fork:entry
{
	@[execname, probefunc] = count();
}
