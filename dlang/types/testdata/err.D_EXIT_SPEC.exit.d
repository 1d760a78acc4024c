BEGIN
{
	self->spec = speculation();
	speculate(self->spec);
	printf("%d\n", 1);
	exit(0);
}
