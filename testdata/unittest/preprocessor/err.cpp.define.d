/* @@runtest-opts: -C */
/* A #define without a name. */
#define

BEGIN
{
	exit(0);
}
