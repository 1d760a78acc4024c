/*
 * syscall_count.d: count io-static's system calls by name (L41 Lab 1).
 */
syscall:::entry
/execname == "io-static"/
{
	@[probefunc] = count();
}
