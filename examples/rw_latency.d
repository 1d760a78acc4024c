/*
 * rw_latency.d: io-static's read(2) and write(2) latency in microseconds: a
 * power-of-two histogram per call, with the mean and the extremes.
 */
syscall::read:entry,
syscall::write:entry
/execname == "io-static"/
{
	self->ts = timestamp;
}

syscall::read:return,
syscall::write:return
/self->ts/
{
	this->us = (timestamp - self->ts) / 1000;
	@hist[probefunc] = quantize(this->us);
	@mean[probefunc] = avg(this->us);
	@slowest[probefunc] = max(this->us);
	@fastest[probefunc] = min(this->us);
	self->ts = 0;
}

END
{
	printa("%-8s mean %@d us\n", @mean);
	printa("%-8s min %@d us\n", @fastest);
	printa("%-8s max %@d us\n", @slowest);
	printa(@hist);
}
