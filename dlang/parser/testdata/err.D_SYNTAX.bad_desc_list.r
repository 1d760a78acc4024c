godtrace: failed to compile script err.D_SYNTAX.bad_desc_list.d: [D_SYNTAX] line 2: syntax error near "{"
