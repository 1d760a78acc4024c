-- @@stderr --
godtrace: failed to compile script err.D_PDESC_ZERO.nomatch.d: [D_PDESC_ZERO] line 2: probe description syscall::nosuchsyscall:entry does not match any probes
