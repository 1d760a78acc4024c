/* @@runtest-opts: -q -c "$bin/trigger nanosleep 20" */
/* A thread that makes 20 nanosleeps fires sleep and off-cpu at least 20 times; every */
/* sleep and every preemption is also an off-cpu (which fires too for sched_yield and the */
/* exiting thread's last switch); off-cpu's args name the next thread. */
int bad;

sched:::sleep
/tid == $target/
{
	sleeps++;
}

sched:::preempt
/tid == $target/
{
	preempts++;
}

sched:::off-cpu
/tid == $target/
{
	offs++;
	bad += args[0] == tid || args[1] == 0 && args[0] != 0;
}

END
{
	printf("%s\n", sleeps >= 20 ? "at least 20 sleeps" : "too few sleeps");
	printf("%s\n", offs >= sleeps + preempts ? "off-cpu >= sleep + preempt" : "off-cpu miscounted");
	printf("%d off-cpu firings name the thread itself or no process\n", bad);
}
