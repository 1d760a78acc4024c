BEGIN
{
	printa("%d", pid);
}
