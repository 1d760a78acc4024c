/* @@runtest-opts: -q */
/*
 * clear(@a) zeroes every value and keeps the keys, which print with zero (min and max
 * print their starting values, as libdtrace resets them); later updates count from zero.
 * Updates and actions are 100 ms apart (see tst.trunc.d).
 */
int i;

BEGIN
{
	@c["a"] = count();
	@c["b"] = count();
	@c["b"] = count();
	@q = quantize(8);
	@av = avg(10);
}

tick-100ms
/i == 0/
{
	clear(@c);
	clear(@q);
	clear(@av);
	printa("cleared %s %@d\n", @c);
	printa("avg %@d\n", @av);
}

tick-100ms
/i == 1/
{
	@c["b"] = count();
	@c["c"] = count();
	@av = avg(3);
}

tick-100ms
/i == 2/
{
	printa("after %s %@d\n", @c);
	printa("avg %@d\n", @av);
	exit(0);
}

tick-100ms
{
	i++;
}
