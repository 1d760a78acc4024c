BEGIN
{
	x = 
}
