-- @@stderr --
godtrace: failed to compile script err.D_PDESC_ZERO.lockstat.d: [D_PDESC_ZERO] line 3: probe description lockstat:::adaptive-acquire does not match any probes: godtrace does not provide DTrace's lockstat provider: Linux's lock tracepoints need CONFIG_LOCK_STAT
