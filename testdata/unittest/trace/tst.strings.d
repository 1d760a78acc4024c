/* trace() of strings from a variable, a thread-local and execname, after a record that
   left other bytes in the ring buffer: each prints as a string, NUL-padded. */
BEGIN
{
	trace(12345678901234567);
	trace(-1);
	trace(-1);
	trace(-1);
}

BEGIN
{
	s = "abc";
	self->t = "thread";
	trace(s);
	trace(self->t);
	exit(0);
}
