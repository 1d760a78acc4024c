BEGIN
{
	self->i = 0;
	self->spec = speculation();
}

BEGIN
/self->i/
{
	commit(self->spec);
	exit(0);
}
