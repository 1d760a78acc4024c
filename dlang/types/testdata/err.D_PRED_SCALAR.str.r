dtrace: failed to compile script err.D_PRED_SCALAR.str.d: [D_PRED_SCALAR] line 2: predicate result must be of scalar type
