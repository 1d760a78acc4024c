BEGIN
{
	@a = count();
	normalize(@a, "ten");
}
