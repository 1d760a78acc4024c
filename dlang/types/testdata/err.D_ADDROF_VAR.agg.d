/* the address of an aggregation */
BEGIN
{
	@a = count();
	trace(&@a);
}
