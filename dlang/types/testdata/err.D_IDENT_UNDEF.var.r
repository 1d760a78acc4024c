dtrace: failed to compile script err.D_IDENT_UNDEF.var.d: [D_IDENT_UNDEF] line 3: failed to resolve nosuchvar: Unknown variable name
