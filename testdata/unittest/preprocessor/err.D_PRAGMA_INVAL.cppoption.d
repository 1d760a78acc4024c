/* @@runtest-opts: -x errtags */
/* The preprocessor's options cannot be set from within a D program. */
#pragma D option define=X

BEGIN
{
	exit(0);
}
