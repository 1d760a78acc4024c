godtrace: failed to compile script err.D_SYNTAX.if_semi.d: [D_SYNTAX] line 6: syntax error near "}"
