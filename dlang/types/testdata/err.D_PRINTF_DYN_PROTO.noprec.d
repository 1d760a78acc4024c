/* a dynamic precision without its argument */
BEGIN
{
	printf("%s %.*d\n", "foo");
}
