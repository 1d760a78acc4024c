dtrace: failed to compile script err.D_PROTO_LEN.aggkeys.d: [D_PROTO_LEN] line 4: @a[ ] prototype mismatch: 2 keys passed, 1 expected
