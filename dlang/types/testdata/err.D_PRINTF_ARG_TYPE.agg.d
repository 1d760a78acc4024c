BEGIN
{
	@c = count();
	printf("%d %d\n", 1, @c);
}
