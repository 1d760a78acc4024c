-- @@stderr --
godtrace: failed to compile script err.D_PDESC_ZERO.oncpu.d: [D_PDESC_ZERO] line 3: probe description sched:::on-cpu does not match any probes: godtrace does not provide sched:::on-cpu: Linux has no event in the context of the thread coming on CPU (sched:sched_switch fires in the outgoing thread, before the switch; fentry on finish_task_switch is refused by this kernel)
