BEGIN
{
	normalize(pid, 10);
}
