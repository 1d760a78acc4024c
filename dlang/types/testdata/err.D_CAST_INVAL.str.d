BEGIN
{
	trace((struct task_struct)execname);
}
