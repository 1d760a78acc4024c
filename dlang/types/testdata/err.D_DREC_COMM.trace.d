BEGIN
{
	commit(1);
	trace(pid);
}
