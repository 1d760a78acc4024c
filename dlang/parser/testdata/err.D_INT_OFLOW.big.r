godtrace: failed to compile script err.D_INT_OFLOW.big.d: [D_INT_OFLOW] line 3: constant 0x123456789abcdef01 results in integer overflow
