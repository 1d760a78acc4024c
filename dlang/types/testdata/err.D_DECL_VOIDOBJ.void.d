void v;

BEGIN
{
}
