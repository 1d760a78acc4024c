dtrace: failed to compile script err.D_OP_INCOMPAT.stack.d: [D_OP_INCOMPAT] line 3: operands have incompatible types: "stack" + "int"
