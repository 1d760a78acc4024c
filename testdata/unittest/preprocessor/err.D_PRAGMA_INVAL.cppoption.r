-- @@stderr --
godtrace: failed to compile script err.D_PRAGMA_INVAL.cppoption.d: [D_PRAGMA_INVAL] line 3: failed to set option 'define': Option cannot be used from within a D program
