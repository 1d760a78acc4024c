/* @@runtest-opts: -q -C -X c */
/* -X c: strictly conforming ISO C, __STDC__ is 1. */
BEGIN
{
	printf("__STDC__ %d\n", __STDC__);
	exit(0);
}
