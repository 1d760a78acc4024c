#!/usr/sbin/dtrace -Cs
/* @@runtest-opts: -q -C */
/* An interpreter line is left out of what cpp reads, its line kept. */
#define LINE __LINE__
BEGIN
{
	printf("line %d\n", LINE);
	exit(0);
}
