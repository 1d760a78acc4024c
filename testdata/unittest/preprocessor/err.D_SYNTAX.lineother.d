/* @@runtest-opts: -x errtags */
/*
 * Without -C, a #line directive naming another file renumbers the lines
 * after it, and errors there are reported against that file, as DTrace's
 * dt_pragma_line does.
 */
BEGIN
{
#line 20 "other.d"
	x = ;
}
