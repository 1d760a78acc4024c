godtrace: failed to compile script err.D_SYNTAX.assign_lhs.d: [D_SYNTAX] line 3: syntax error near "="
