-- @@stderr --
godtrace: failed to compile script err.D_IDENT_UNDEF.afterinclude.d: [D_IDENT_UNDEF] line 14: failed to resolve UNDEFINED_NAME: Unknown variable name
