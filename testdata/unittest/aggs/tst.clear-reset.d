/* @@runtest-opts: -q */
/*
 * clear() of min() and max(): the keys stay and print the starting values (INT64_MAX,
 * INT64_MIN, as libdtrace resets them); the next update starts from nothing, so
 * min(7) after min(5) and a clear() is 7. Updates and actions are 100 ms apart (see
 * tst.trunc.d).
 */
int i;

BEGIN
{
	@mn["k"] = min(5);
	@mx["k"] = max(5);
}

tick-100ms
/i == 0/
{
	clear(@mn);
	clear(@mx);
	printa("cleared %s %@d %@d\n", @mn, @mx);
}

tick-100ms
/i == 1/
{
	@mn["k"] = min(7);
	@mx["k"] = max(3);
}

tick-100ms
/i == 2/
{
	printa("after %s %@d %@d\n", @mn, @mx);
	exit(0);
}

tick-100ms
{
	i++;
}
