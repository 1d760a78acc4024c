BEGIN
{
}
}
