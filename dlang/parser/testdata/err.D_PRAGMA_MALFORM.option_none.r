godtrace: failed to compile script err.D_PRAGMA_MALFORM.option_none.d: [D_PRAGMA_MALFORM] line 1: malformed #pragma option <option>=<val>
