BEGIN
{
	printf("%s\n", printf("inner\n"));
}
