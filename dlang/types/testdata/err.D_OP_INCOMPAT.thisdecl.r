dtrace: failed to compile script err.D_OP_INCOMPAT.thisdecl.d: [D_OP_INCOMPAT] line 5: operands have incompatible types: "int" = "string"
