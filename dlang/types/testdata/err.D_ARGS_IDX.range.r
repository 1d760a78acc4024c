dtrace: failed to compile script err.D_ARGS_IDX.range.d: [D_ARGS_IDX] line 3: index 7 is out of range for :::BEGIN args[ ]
