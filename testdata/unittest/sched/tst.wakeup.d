/* @@runtest-opts: -q -c "$bin/trigger pipe 10" */
/* A thread writing to a pipe wakes the main thread blocked reading it: wakeup fires in */
/* the writer, with the reader's tid and pid as args[0] and args[1]. */
int bad;

sched:::wakeup
/pid == $target && tid != $target && args[0] == $target/
{
	woken++;
	bad += args[1] != $target;
}

END
{
	printf("%s\n", woken >= 10 ? "at least 10 wakeups" : "too few wakeups");
	printf("%d with the wrong pid\n", bad);
}
