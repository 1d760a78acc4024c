dtrace: failed to compile script err.D_CAST_INVAL.str.d: [D_CAST_INVAL] line 3: invalid cast expression: "string" to "struct task_struct"
