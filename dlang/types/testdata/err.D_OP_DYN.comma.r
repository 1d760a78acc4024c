dtrace: failed to compile script err.D_OP_DYN.comma.d: [D_OP_DYN] line 4: operator , operands cannot be of dynamic type
