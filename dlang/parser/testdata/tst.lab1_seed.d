
BEGIN {
   self->targetPid = -1;
}

proc:::exec-success
/execname == "io-static"/
{
   self->targetPid = pid;
   self->start = vtimestamp;
}

syscall::exit:entry
/pid == self->targetPid/
{
   self->targetPid = -1;
   printf("{\"timestamp\": %u}", vtimestamp - self->start);
}

END
{
    trace("Stopped");
    /* You might print summary statistics here */
    exit(0);
}
