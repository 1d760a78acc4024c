/* @@runtest-opts: -x errtags */
/* A course script's sched probe: the error says what godtrace lacks and why. */
sched:::on-cpu
/execname == "io-static"/
{
	@[cpu] = count();
}
