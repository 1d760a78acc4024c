dtrace: failed to compile script err.D_KEY_TYPE.void.d: [D_KEY_TYPE] line 3: void expression may not be used as associative array index: key #1
