godtrace: failed to compile script err.D_PRAGCTL_INVAL.directive.d: [D_PRAGCTL_INVAL] line 1: invalid control directive: #define
