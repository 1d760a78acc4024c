/* @@runtest-opts: -q -C */
/*
 * The macros dtrace(1) defines for cpp (dt_open.c), and the Linux target's
 * that C headers test; __GNUC__ is not defined (godtrace is no gcc).
 */
BEGIN
{
	printf("__SUNW_D %d\n", __SUNW_D);
	printf("__SUNW_D_VERSION 0x%08x\n", __SUNW_D_VERSION);
#if defined(__SUNW_D_64) && defined(__LP64__)
	printf("__SUNW_D_64\n");
#endif
#if defined(__linux) && defined(__linux__) && defined(__unix) && defined(__SVR4) && defined(__Linux)
	printf("__linux __linux__ __unix __SVR4 __Linux\n");
#endif
	printf("__STDC__ %d\n", __STDC__);
#ifdef __GNUC__
	printf("__GNUC__\n");
#endif
#ifdef __sun
	printf("__sun\n");
#endif
	exit(0);
}
