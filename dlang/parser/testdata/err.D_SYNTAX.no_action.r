godtrace: failed to compile script err.D_SYNTAX.no_action.d: [D_SYNTAX] line 5: expected predicate and/or actions following probe description
