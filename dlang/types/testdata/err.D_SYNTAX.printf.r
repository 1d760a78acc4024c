dtrace: failed to compile script err.D_SYNTAX.printf.d: [D_SYNTAX] line 3: format conversion #1 is undefined: %z
