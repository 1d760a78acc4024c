/* @@runtest-opts: -x errtags */
/* Without -C, a preprocessor directive is an invalid control directive. */
BEGIN
{
	exit(0);
}

#if 0
#endif
