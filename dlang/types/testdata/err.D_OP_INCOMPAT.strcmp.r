dtrace: failed to compile script err.D_OP_INCOMPAT.strcmp.d: [D_OP_INCOMPAT] line 2: operands have incompatible types: "uint64_t" == "string"
