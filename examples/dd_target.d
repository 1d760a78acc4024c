/*
 * dd_target.d: run with -c 'dd ...': count the command's system calls by name and
 * sum the bytes its read(2) and write(2) calls returned ($target is its pid).
 */
syscall:::entry
/pid == $target/
{
	@calls[probefunc] = count();
}

syscall::read:return,
syscall::write:return
/pid == $target && (int)arg0 > 0/
{
	@bytes[probefunc] = sum(arg0);
}
