dtrace: failed to compile script err.D_DIV_ZERO.modeq.d: [D_DIV_ZERO] line 4: expression contains division by zero
