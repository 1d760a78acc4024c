/* @@runtest-opts: -q -x aggsortkey -x aggsortkeypos=1 */
/*
 * aggsortkeypos=1: keys compare from the second component on (then the first).
 */
BEGIN
{
	@[(int)1, "z"] = count();
	@[(int)2, "y"] = count();
	@[(int)3, "x"] = count();
	@[(int)0, "x"] = count();
	printa("%d %s %@d\n", @);
	exit(0);
}
