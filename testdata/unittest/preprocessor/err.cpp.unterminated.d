/* @@runtest-opts: -C */
/* An #if without its #endif. */
#if !defined(FLAG)
#define VALUE 5

BEGIN
{
	exit(0);
}
