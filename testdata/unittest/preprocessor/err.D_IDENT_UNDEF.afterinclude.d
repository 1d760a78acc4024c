/* @@runtest-opts: -x errtags -C -I include */
/*
 * After an #include and a multi-line macro, errors still name the
 * script's own lines.
 */
#include "preproc.h"
#define TWICE(x) \
	((x) + \
	 (x))

BEGIN
{
	x = TWICE(NESTED);
	y = UNDEFINED_NAME;
}
