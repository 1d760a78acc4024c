godtrace: failed to compile script err.D_PRAGMA_INVAL.attributes.d: [D_PRAGMA_INVAL] line 4: invalid attributes specified by #pragma attributes
