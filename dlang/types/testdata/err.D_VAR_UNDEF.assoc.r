dtrace: failed to compile script err.D_VAR_UNDEF.assoc.d: [D_VAR_UNDEF] line 3: a has not yet been declared or assigned
