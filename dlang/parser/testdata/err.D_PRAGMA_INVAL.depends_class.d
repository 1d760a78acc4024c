#pragma D depends_on kernel foo
BEGIN
{
}
