godtrace: failed to compile script err.D_SYNTAX.stray_rbrace.d: [D_SYNTAX] line 4: syntax error near "}"
