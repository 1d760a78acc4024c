/* the void result of printf() printed with %s */
BEGIN
{
	printf("%s\n", printf("test"));
}
