/* @@runtest-opts: -q */
/*
 * normalize(@a, n) divides what is printed by n (the data are kept); denormalize(@a)
 * undoes it. At exit the aggregation prints with the normalization last set.
 */
int i;

BEGIN
{
	@s["x"] = sum(1000);
	@s["y"] = sum(250);
	@t = sum(7);
	@n = count();
}

tick-100ms
/i == 0/
{
	normalize(@s, 100);
	printa("%s %@d\n", @s);
	denormalize(@s);
	printa("%s %@d\n", @s);
	normalize(@s, 10);
	normalize(@t, 2);
}

tick-100ms
/i == 1/
{
	exit(0);
}

tick-100ms
{
	i++;
}
