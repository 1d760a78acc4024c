dtrace: failed to compile script err.D_VAR_UNDEF.self.d: [D_VAR_UNDEF] line 2: self->ts has not yet been declared or assigned
