godtrace: failed to compile script err.D_SYNTAX.extra_rbracket.d: [D_SYNTAX] line 4: extra ] in input stream
