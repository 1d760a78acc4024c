godtrace: failed to compile script err.D_SYNTAX.pred_no_action.d: [D_SYNTAX] line 2: expected actions { } following probe description and predicate
