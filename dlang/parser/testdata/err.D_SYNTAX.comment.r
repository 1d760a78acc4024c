godtrace: failed to compile script err.D_SYNTAX.comment.d: [D_SYNTAX] line 5: end-of-file encountered before matching */
