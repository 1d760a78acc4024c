this int v;

BEGIN
{
	this->v = "text";
}
