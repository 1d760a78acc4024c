/* @@runtest-opts: -q -C -x stdc=s */
/* -X s (K&R C): __STDC__ is not defined. */
BEGIN
{
#ifdef __STDC__
	printf("__STDC__ %d\n", __STDC__);
#else
	printf("no __STDC__\n");
#endif
	exit(0);
}
