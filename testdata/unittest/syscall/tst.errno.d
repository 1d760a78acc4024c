/* @@runtest-opts: -q -c "$bin/trigger openat-enoent" */
/* Arguments, return value and errno of a failing openat(2) of the helper. */
syscall::openat:entry
/pid == $target && arg2 == 0x20000/
{
	printf("entry %d %x\n", arg0, arg2);
}

syscall::openat:return
/pid == $target && errno != 0/
{
	printf("return %d errno %d\n", arg0 < 0, errno);
}
