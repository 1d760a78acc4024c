BEGIN
{
	printf("%d\n", );
}
