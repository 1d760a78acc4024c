/* @@runtest-opts: -q -x aggsize=64 */
/*
 * -x aggsize bounds an aggregation's entries: aggsize / (key + value size), here
 * 64 / (8 + 8) = 4 for a count() with one 8-byte key and its 8-byte value. Updates of
 * new keys once the map is full are lost and reported on
 * stderr as DTrace reports them: "N aggregation drops on CPU M" (BEGIN runs on CPU 0 in
 * the test harness).
 */
BEGIN
{
	@[(long long)1] = count();
	@[(long long)2] = count();
	@[(long long)3] = count();
	@[(long long)4] = count();
	@[(long long)5] = count();
	@[(long long)6] = count();
	@[(long long)7] = count();
	@[(long long)1] = count();
	exit(0);
}
