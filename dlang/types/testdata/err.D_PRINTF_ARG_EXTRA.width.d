BEGIN
{
	n = 0;
	printf("%?d\n", n++, 1);
}
