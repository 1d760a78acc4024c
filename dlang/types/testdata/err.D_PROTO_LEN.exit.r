dtrace: failed to compile script err.D_PROTO_LEN.exit.d: [D_PROTO_LEN] line 3: exit( ) prototype mismatch: 0 args passed, 1 expected
