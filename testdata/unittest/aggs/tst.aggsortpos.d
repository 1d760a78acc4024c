/* @@runtest-opts: -q -x aggsortpos=1 */
/*
 * aggsortpos=1: printa() of several aggregations sorts by the second one's values.
 */
BEGIN
{
	@a["x"] = sum(1);
	@a["y"] = sum(2);
	@a["z"] = sum(3);
	@b["x"] = sum(30);
	@b["y"] = sum(10);
	@b["z"] = sum(20);
	printa("%s %@d %@d\n", @a, @b);
	exit(0);
}
