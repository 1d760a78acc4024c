syscall::read:entry,
sched:::on-cpu
{
	trace(args[0]);
}
