/* @@runtest-opts: -q */
/*
 * trunc(@a, n) keeps the n largest values, trunc(@a, -n) the n smallest, trunc(@a) none.
 * What trunc() removed is gone from the kernel's copy too: a later update of a removed
 * key starts from zero. Updates and actions are in different firings, 100 ms apart, so
 * that each action sees the updates before it and none after (the consumer acts on a
 * record when it reads it, as libdtrace does).
 */
int i;

BEGIN
{
	@a["one"] = sum(1);
	@a["two"] = sum(2);
	@a["three"] = sum(3);
	@a["four"] = sum(4);
	@a["five"] = sum(5);
}

tick-100ms
/i == 0/
{
	trunc(@a, 3);
	printa("top3 %s %@d\n", @a);
	trunc(@a, -2);
	printa("bottom2 %s %@d\n", @a);
}

tick-100ms
/i == 1/
{
	@a["one"] = sum(10);
	@a["three"] = sum(10);
	@a["six"] = sum(6);
}

tick-100ms
/i == 2/
{
	printa("again %s %@d\n", @a);
	trunc(@a);
	printa("none %s %@d\n", @a);
	exit(0);
}

tick-100ms
{
	i++;
}
