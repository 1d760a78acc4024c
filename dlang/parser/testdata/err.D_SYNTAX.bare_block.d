/* A braced block is a statement only as an if or else branch. */
BEGIN
{
	{
		x = 1;
	}
}
