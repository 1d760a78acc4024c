godtrace: failed to compile script err.D_SYNTAX.missing_semi.d: [D_SYNTAX] line 4: syntax error near "y"
