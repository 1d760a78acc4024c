BEGIN
{
	tracemem("abc", 10);
}
