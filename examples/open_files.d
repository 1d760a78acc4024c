/*
 * open_files.d: the files io-static opens and the descriptor each open returns.
 * FreeBSD's scripts say syscall::open:entry and copyinstr(arg0); Linux programs call
 * openat(dirfd, path, flags), whose path is arg1.
 */
#pragma D option quiet

syscall::openat:entry
/execname == "io-static"/
{
	self->path = arg1;
}

syscall::openat:return
/self->path/
{
	printf("%-6d %-40s %d\n", pid, copyinstr(self->path), (int)arg0);
	self->path = 0;
}
