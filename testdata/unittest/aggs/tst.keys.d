/* @@runtest-opts: -q */
/*
 * Keys of several types in one tuple, printed at exit. As in Sun's tst.signedkeys.d:
 * integer keys print by their size, 1- and 2-byte ones unsigned (" %3u", " %5u"), 4-byte
 * ones " %8d", 8-byte ones " %16lld", and sort as unsigned numbers; strings print
 * "  %-50s". Records sort by value, then key; aggregations in the order they appear.
 * (Casts fix the key sizes: Sun's DTrace recorded plain int constant keys as 8 bytes.)
 */
BEGIN
{
	@k[(char)1, (short)2, (int)3, "abc"] = count();
	@k[(char)1, (short)2, (int)3, "abc"] = count();
	@k[(char)-1, (short)-2, (int)-3, "abd"] = count();
	@k[(char)1, (short)2, (int)3, "ab"] = count();
	@l[(long long)10] = sum(5);
	@l[(long long)9] = sum(5);
	@l[(long long)-1] = sum(7);
	@u = count();
	exit(0);
}
