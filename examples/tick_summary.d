/*
 * tick_summary.d: every second, print io-static's reads and writes of that second,
 * then start the next second's count afresh; END prints the last part-second.
 */
#pragma D option quiet

syscall::read:entry,
syscall::write:entry
/execname == "io-static"/
{
	@ops[probefunc] = count();
}

profile:::tick-1sec
{
	printf("%Y\n", walltimestamp);
	printa("  %-8s %@d\n", @ops);
	clear(@ops);
}

END
{
	printf("%Y (end)\n", walltimestamp);
	printa("  %-8s %@d\n", @ops);
}
