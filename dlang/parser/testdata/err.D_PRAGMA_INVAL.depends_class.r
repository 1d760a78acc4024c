godtrace: failed to compile script err.D_PRAGMA_INVAL.depends_class.d: [D_PRAGMA_INVAL] line 1: invalid class kernel specified by #pragma depends_on
