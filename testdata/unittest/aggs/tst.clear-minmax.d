/* @@runtest-opts: -q */
/* clear() empties count(), max() and min() and keeps their keys; later updates count
   from zero (min and max restart from nothing). */
tick-100ms
/++n == 1/
{
	@c["a"] = count();
	@m = max(10);
	@l = min(-5);
	printa("%s %@d\n", @c);
	printa("max %@d\n", @m);
	printa("min %@d\n", @l);
	clear(@c);
	clear(@m);
	clear(@l);
}

tick-100ms
/n == 3/
{
	@c["a"] = count();
	@c["a"] = count();
	@m = max(3);
	@l = min(7);
	printa("%s %@d\n", @c);
	printa("max %@d\n", @m);
	printa("min %@d\n", @l);
	exit(0);
}
