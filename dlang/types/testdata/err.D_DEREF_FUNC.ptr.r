dtrace: failed to compile script err.D_DEREF_FUNC.ptr.d: [D_DEREF_FUNC] line 3: cannot dereference pointer to function
