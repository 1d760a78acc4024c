dtrace: failed to compile script err.D_PROTO_LEN.count.d: [D_PROTO_LEN] line 3: count( ) prototype mismatch: 1 arg passed, 0 expected
