/* @@runtest-opts: -q -c "$bin/trigger openat-enoent" */
/* copyinstr() of a user-space string argument, with and without a size. */
syscall::openat:entry
/pid == $target && arg2 == 0x20000/
{
	printf("%s %s %d\n", copyinstr(arg1), copyinstr(arg1, 4), strlen(copyinstr(arg1)));
}
