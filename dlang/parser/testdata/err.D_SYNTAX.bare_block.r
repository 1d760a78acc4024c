godtrace: failed to compile script err.D_SYNTAX.bare_block.d: [D_SYNTAX] line 4: syntax error near "{"
