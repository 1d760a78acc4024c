/* @@runtest-opts: -x errtags */
/* A provider godtrace lacks: the error says so and why. */
lockstat:::adaptive-acquire
{
	@[execname] = count();
}
