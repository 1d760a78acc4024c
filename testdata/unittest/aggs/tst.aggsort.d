/* @@runtest-opts: -q -x aggsortkey -x aggsortrev */
/*
 * aggsortkey sorts by key (then value), aggsortrev reverses: keys descending.
 */
BEGIN
{
	@["c"] = count();
	@["a"] = count();
	@["a"] = count();
	@["a"] = count();
	@["b"] = count();
	@["b"] = count();
	exit(0);
}
