BEGIN
{
	mutex_owned();
}
