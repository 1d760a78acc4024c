/* @@runtest-opts: -q */
BEGIN
{
	printf("%d|%i|%u|%x|%X|%o\n", 42, -42, 42, 255, 255, 8);
	printf("[%5d][%-5d][%05d][%+d][% d]\n", 42, 42, 42, 42, 42);
	printf("%c%c %s %%\n", 'o', 'k', "str");
	printf("[%10s][%-10s]\n", "right", "left");
	printf("%lld %llu %llx\n", 1234567890123LL, 18446744073709551615ULL, 0xdeadbeefcafeLL);
	printf("%d %d %d\n", 7 / 2, -7 / 2, -7 % 3);
	printf("%d %d %d %d\n", 1 << 4, -16 >> 2, 6 & 3, 6 | 3);
	exit(0);
}
