dtrace: failed to compile script err.D_OP_INCOMPAT.aggfunc.d: [D_OP_INCOMPAT] line 3: operands have incompatible types: "scalar" = "aggregating function"
