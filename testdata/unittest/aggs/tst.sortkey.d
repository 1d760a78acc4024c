#pragma D option quiet
#pragma D option aggsortkey

/* aggsortkey: printa sorts by key instead of by value. */
BEGIN
{
	@a["c"] = sum(1);
	@a["a"] = sum(3);
	@a["b"] = sum(2);
	printa("%s %@d\n", @a);
	exit(0);
}
