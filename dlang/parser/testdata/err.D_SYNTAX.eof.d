BEGIN
{
	printf("x")
