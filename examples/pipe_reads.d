/*
 * pipe_reads.d: sizes of dd's reads and writes when it reads a pipe (the IPC lab's
 * question: how much does one read(2) of a pipe return?), and the bytes moved.
 */
syscall::read:return,
syscall::write:return
/execname == "dd" && (int)arg0 > 0/
{
	@size[probefunc] = quantize(arg0);
	@bytes[probefunc] = sum(arg0);
}
