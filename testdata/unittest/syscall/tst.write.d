/* @@runtest-opts: -q -c "$bin/trigger write 7" */
syscall::write:entry
/pid == $target/
{
	printf("write %d bytes\n", arg2);
}

syscall::write:return
/pid == $target/
{
	printf("returned %d\n", arg1);
}
