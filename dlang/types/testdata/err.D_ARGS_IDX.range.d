BEGIN
{
	trace(args[7]);
}
