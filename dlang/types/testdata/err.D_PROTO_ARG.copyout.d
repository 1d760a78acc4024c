/* a string is compatible with void *; not with uintptr_t */
BEGIN
{
	copyout("not_void_*", "not_uinptr_t", "not_size_t");
}
