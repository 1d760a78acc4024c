/* -> through a pointer to int */
int *abc;

BEGIN
{
	abc->a = 1;
}
