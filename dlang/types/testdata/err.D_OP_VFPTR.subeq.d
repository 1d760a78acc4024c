int v;

BEGIN
{
	v = 1;
	v -= alloca(8);
}
