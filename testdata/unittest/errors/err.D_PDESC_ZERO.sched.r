-- @@stderr --
godtrace: failed to compile script err.D_PDESC_ZERO.sched.d: [D_PDESC_ZERO] line 3: probe description sched:::on-cpu does not match any probes: godtrace does not provide DTrace's sched provider yet: Linux's sched:sched_switch tracepoint fires in the outgoing thread, and on-cpu needs the incoming thread's context
