BEGIN
{
	trace(*curthread->sched_class->enqueue_task);
}
