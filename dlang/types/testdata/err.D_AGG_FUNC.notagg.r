dtrace: failed to compile script err.D_AGG_FUNC.notagg.d: [D_AGG_FUNC] line 3: @a must be assigned the result of an aggregating function
