-- @@stderr --
godtrace: failed to compile script err.D_SYNTAX.brace.d: [D_SYNTAX] line 5: syntax error near end of input
