dtrace: failed to compile script err.D_CG_EXPR.count.d: [D_CG_EXPR] line 3: aggregating function count( ) may not be called from a D expression (D program context required)
