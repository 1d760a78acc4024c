/* @@runtest-opts: -q */
/*
 * printa() value conversions: %@u, %@x, widths and flags, one aggregation per %@.
 */
BEGIN
{
	@a["k"] = sum(-1);
	@b["k"] = sum(255);
	@c["k"] = sum(42);
	@d["k"] = sum(42);
	printa("%-5s|%@u|%@x|%@8d|%@-8d|\n", @a, @b, @c, @d);
	exit(0);
}
