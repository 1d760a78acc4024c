/* @@runtest-opts: -C */
/* #ifdef, #ifndef and #if defined() choose what the D compiler sees. */
#pragma D option quiet

#define FLAG
#undef GONE

BEGIN
{
#ifdef FLAG
	printf("FLAG is defined\n");
#else
	printf("not reached\n");
#endif
#ifndef GONE
	printf("GONE is not defined\n");
#endif
#if defined(FLAG) && !defined GONE || 1 / 0
	printf("defined() and short-circuit evaluation\n");
#endif
#if 0
	this is not D and is never compiled
#elif defined(FLAG)
	printf("#elif\n");
#else
	printf("not reached\n");
#endif
	exit(0);
}
