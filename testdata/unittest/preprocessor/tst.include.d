/* @@runtest-opts: -C -I include */
/* #include finds a header through -I; the header includes one beside it. */
#pragma D option quiet
#include <preproc.h>
#include "preproc.h"

BEGIN
{
	printf("%s %d %d\n", GREETING, SQUARE(7), NESTED);
	exit(0);
}
