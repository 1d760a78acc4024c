/* @@runtest-opts: -C */
/* An #else after #else: each is reported with where the group began. */
#ifdef FLAG
#define VALUE 5
#else
#define VALUE 10
#else
#define VALUE 15
#endif

BEGIN
{
	exit(0);
}
