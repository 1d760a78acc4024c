/* @@runtest-opts: -C */
/* #error fails the preprocessor with its text. */
#ifndef REQUIRED
#error REQUIRED must be defined (use -D REQUIRED)
#endif

BEGIN
{
	exit(0);
}
