profile-997
{
	trace(args[0]);
}
