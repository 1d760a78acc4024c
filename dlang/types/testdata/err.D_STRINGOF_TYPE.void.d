BEGIN
{
	printf("%s", stringof(trace(1)));
}
