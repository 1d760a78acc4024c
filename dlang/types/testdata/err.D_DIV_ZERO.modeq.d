BEGIN
{
	x = 10;
	x %= (2 - 2);
}
