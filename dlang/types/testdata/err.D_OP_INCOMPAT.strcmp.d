BEGIN
/timestamp == "now"/
{
}
