godtrace: failed to compile script err.D_SYNTAX.missing_rparen.d: [D_SYNTAX] line 5: syntax error near "}"
