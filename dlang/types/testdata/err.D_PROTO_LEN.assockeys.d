BEGIN
{
	t[1, 2] = timestamp;
}

END
{
	t[1] = timestamp;
}
