BEGIN
{
}
/* not closed
