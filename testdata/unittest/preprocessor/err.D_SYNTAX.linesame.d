/* @@runtest-opts: -x errtags */
/* A #line directive without a file renumbers the lines of the script. */
BEGIN
{
#line 100
	x = ;
}
