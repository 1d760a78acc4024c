/*
 * read_bytes.d: total bytes io-static's read(2) calls returned, and the number of
 * reads (L41 Lab 1).
 */
syscall::read:return
/execname == "io-static"/
{
	@bytes = sum(arg0);
	@reads = count();
}
