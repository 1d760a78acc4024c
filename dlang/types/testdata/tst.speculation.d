BEGIN
{
	self->spec = speculation();
}

END
{
	speculate(self->spec);
	printf("%s\n", execname);
}

END
{
	commit(self->spec);
}
