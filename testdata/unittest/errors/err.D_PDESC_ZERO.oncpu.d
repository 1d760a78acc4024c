/* @@runtest-opts: -x errtags */
/* A course script's sched:::on-cpu: the error says what godtrace lacks and why. */
sched:::on-cpu
/execname == "io-static"/
{
	@[cpu] = count();
}
