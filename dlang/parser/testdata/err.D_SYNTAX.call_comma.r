godtrace: failed to compile script err.D_SYNTAX.call_comma.d: [D_SYNTAX] line 3: syntax error near ")"
