dtrace: failed to compile script err.D_PROTO_LEN.assockeys.d: [D_PROTO_LEN] line 8: t[ ] prototype mismatch: 1 key passed, 2 expected
