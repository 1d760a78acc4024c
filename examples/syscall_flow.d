/*
 * syscall_flow.d: every system call of the command started with -c, in order, entries
 * marked => and returns <= (flowindent), with each call's return value.
 */
#pragma D option flowindent

syscall:::entry
/pid == $target/
{
}

syscall:::return
/pid == $target/
{
	trace((int)arg0);
}
