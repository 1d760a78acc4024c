BEGIN
{
	x = arg0 ? 1 : "one";
}
