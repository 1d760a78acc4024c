godtrace: failed to compile script err.D_PRAGMA_MALFORM.attributes.d: [D_PRAGMA_MALFORM] line 1: malformed #pragma attributes <attributes> <ident>
