/* @@runtest-opts: -C */
/* #if evaluates integer constant expressions in 64 bits, as cpp does. */
#pragma D option quiet

#define ONE 1
#define BIG 0x7fffffffffffffff

BEGIN
{
#if ONE + 2 * 3 == 7 && (ONE << 62) > 0 && BIG + 0 > 0
	printf("arithmetic\n");
#endif
#if -1 > 0u
	printf("-1 converted to unsigned is large\n");
#endif
#if 'a' == 97 && 'ab' == 0x6162 && '\n' == 10
	printf("character constants\n");
#endif
#if UNDEFINED == 0
	printf("an undefined name is 0\n");
#endif
#if ONE ? 2 : 1 / 0
	printf("?: evaluates one arm\n");
#endif
	exit(0);
}
