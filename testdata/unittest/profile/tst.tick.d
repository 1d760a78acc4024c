/* @@runtest-opts: -q */
/* tick-N fires every N; the third firing exits. */
tick-10ms
{
	n++;
}

tick-10ms
/n == 3/
{
	printf("%d ticks\n", n);
	exit(0);
}
