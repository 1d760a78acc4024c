/*
 * Without -q, a clause with no statements prints its probe line (DTrace's default
 * action); a clause of assignments and aggregations only prints nothing (the Guide's
 * rwtime.d output has no lines for its entry clause).
 */
BEGIN
{
}

BEGIN
{
	x = 1;
	@a = count();
}

BEGIN
{
	exit(0);
}
