/*
 * read_latency.d: distribution of io-static's read(2) latency in nanoseconds.
 */
syscall::read:entry
/execname == "io-static"/
{
	self->ts = timestamp;
}

syscall::read:return
/self->ts/
{
	@latency["read (ns)"] = quantize(timestamp - self->ts);
	self->ts = 0;
}
