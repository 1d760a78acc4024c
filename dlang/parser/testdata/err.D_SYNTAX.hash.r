godtrace: failed to compile script err.D_SYNTAX.hash.d: [D_SYNTAX] line 3: syntax error near "#"
