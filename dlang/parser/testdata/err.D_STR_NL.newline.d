BEGIN
{
	printf("hello
");
}
