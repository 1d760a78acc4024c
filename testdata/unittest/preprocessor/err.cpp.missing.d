/* @@runtest-opts: -C */
/* A file #include cannot find stops the preprocessor. */
#include "no-such-header.h"

BEGIN
{
	exit(0);
}
