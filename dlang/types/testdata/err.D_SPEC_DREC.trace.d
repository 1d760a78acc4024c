BEGIN
{
	self->spec = speculation();
}

BEGIN
{
	trace(1);
	speculate(self->spec);
}
