BEGIN
{
	trace(((char *)arg0)->x);
}
