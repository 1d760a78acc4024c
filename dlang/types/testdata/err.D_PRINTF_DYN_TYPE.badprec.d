/* a dynamic precision of type string */
BEGIN
{
	printf("%.*d\n", "foo", 1);
}
