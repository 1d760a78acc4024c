#pragma D option quiet

/* #pragma D option quiet is -q; self->i++ in a predicate, as course scripts count. */
BEGIN
/self->i++ < 1/
{
	printf("first %d\n", self->i);
}

BEGIN
/self->i++ < 1/
{
	printf("not printed\n");
}

BEGIN
{
	printf("i %d\n", self->i);
	exit(0);
}
