/* @@runtest-opts: -q */
/* count, sum, min, max, avg with and without keys, printed by printa with a format. */
BEGIN
{
	@c["x"] = count();
	@c["x"] = count();
	@c["y"] = count();
	@s[1, "a"] = sum(5);
	@s[1, "a"] = sum(-2);
	@s[2, "b"] = sum(10);
	@mn = min(5);
	@mn = min(-3);
	@mn = min(7);
	@mx = max(5);
	@mx = max(-3);
	@mx = max(7);
	@av = avg(1);
	@av = avg(2);
	@av = avg(6);
	printa("c %s %@d\n", @c);
	printa("s %d %s %@d\n", @s);
	printa("mn %@d\n", @mn);
	printa("mx %@d\n", @mx);
	printa("av %@d\n", @av);
	exit(0);
}
