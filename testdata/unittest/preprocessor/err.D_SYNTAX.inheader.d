/* @@runtest-opts: -x errtags -C -I include */
/* An error in an included file names the file and its line. */
#include "broken.h"

BEGIN
{
	exit(0);
}
