-- @@stderr --
godtrace: failed to compile script err.D_PRAGCTL_INVAL.nocpp.d: [D_PRAGCTL_INVAL] line 8: invalid control directive: #if
