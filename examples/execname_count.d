/*
 * execname_count.d: system calls per program name, across the whole system.
 */
syscall:::entry
{
	@[execname] = count();
}
