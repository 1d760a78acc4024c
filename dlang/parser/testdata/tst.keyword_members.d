/* Members named like keywords, after -> and ., with comments in between. */
BEGIN
{
	printf("%p\n", &`init_task.thread.self);
	printf("%p\n", curthread->/* c */string.self->this);
	printf("%d\n", curthread->signal./* c */int/* c */.if);
	exit(0);
}
