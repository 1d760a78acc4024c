/* @@runtest-opts: -q -C -H -I include */
/* -H prints each file #include opens, after one dot per level of nesting. */
#include "preproc.h"

BEGIN
{
	exit(0);
}
