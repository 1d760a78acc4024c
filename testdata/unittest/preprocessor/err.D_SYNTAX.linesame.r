-- @@stderr --
godtrace: failed to compile script err.D_SYNTAX.linesame.d: [D_SYNTAX] line 100: syntax error near ";"
