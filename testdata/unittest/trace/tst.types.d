/* trace() of each integer size and of a string, without -q. */
BEGIN
{
	trace((char)65);
	trace((short)-2);
	trace(-3);
	trace(4LL);
	trace("five");
	exit(0);
}
