/* @@runtest-opts: -q */
/*
 * String keys whose values are known to be short (literals, probe names, execname) are
 * packed in short slots, yet print, sort and join as DTrace's strsize-byte keys: @a's
 * probefunc keys (a slot of 8 bytes: "BEGIN", "END") join @b's literal keys (16 bytes),
 * and @c's literals of 1 and 17 bytes stay distinct.
 */
BEGIN
{
	@a[probename] = count();
	@b["BEGIN"] = sum(10);
	@b["longer than 8"] = sum(20);
	@c["a"] = count();
	@c["abcdefghijklmnop"] = count();
	@c["abcdefghijklmnop"] = count();
	exit(0);
}

END
{
	@a[probename] = count();
	@a[probename] = count();
	printa("%s %@d %@d\n", @a, @b);
}
