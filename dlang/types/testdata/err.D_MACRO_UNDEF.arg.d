BEGIN
{
	trace($9);
}
