dtrace: failed to compile script err.D_PROTO_LEN.mutex.d: [D_PROTO_LEN] line 3: mutex_owned( ) prototype mismatch: 0 args passed, 1 expected
