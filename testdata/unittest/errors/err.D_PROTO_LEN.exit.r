-- @@stderr --
godtrace: failed to compile script err.D_PROTO_LEN.exit.d: [D_PROTO_LEN] line 4: exit( ) prototype mismatch: 0 args passed, 1 expected
