/* @@runtest-opts: -q */
/*
 * printa() of several aggregations keyed alike, with and without a format: each key once,
 * with every aggregation's value in turn (0 where one has no entry), sorted by the first
 * aggregation's value, then the key.
 */
BEGIN
{
	@c["read"] = count();
	@c["read"] = count();
	@c["write"] = count();
	@c["open"] = count();
	@c["open"] = count();
	@c["open"] = count();
	@s["read"] = sum(100);
	@s["write"] = sum(7);
	@s["close"] = sum(1);
	printa("%-8s %@4d %@6d\n", @c, @s);
	printa(@c, @s);
	exit(0);
}
