dtrace: failed to compile script err.D_MACRO_UNDEF.arg.d: [D_MACRO_UNDEF] line 3: macro argument $9 is not defined
