BEGIN
{
	trace(pid);
	commit(1);
}
