syscall::read:return
/self->ts/
{
	trace(timestamp - self->ts);
}
