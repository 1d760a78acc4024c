godtrace: failed to compile script err.D_SYNTAX.outer_assign.d: [D_SYNTAX] line 1: syntax error near "="
