godtrace: failed to compile script err.D_SYNTAX.extra_rparen.d: [D_SYNTAX] line 3: extra ) in input stream
