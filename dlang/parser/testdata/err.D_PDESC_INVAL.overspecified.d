/* Five fields are one too many. */
BEGIN,
syscall:vmlinux:read:entry:extra
{
}
