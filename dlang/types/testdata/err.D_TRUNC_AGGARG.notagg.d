BEGIN
{
	trunc(pid);
}
