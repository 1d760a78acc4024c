dtrace: failed to compile script err.D_FUNC_UNDEF.nosuch.d: [D_FUNC_UNDEF] line 3: undefined function name: nosuchfunc
