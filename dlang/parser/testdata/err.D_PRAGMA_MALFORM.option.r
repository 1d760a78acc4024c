godtrace: failed to compile script err.D_PRAGMA_MALFORM.option.d: [D_PRAGMA_MALFORM] line 1: superfluous arguments specified for #pragma option
