dtrace: failed to compile script err.D_ARGS_NONE.decl.d: [D_ARGS_NONE] line 1: args[ ] may not be referenced outside of a probe clause
