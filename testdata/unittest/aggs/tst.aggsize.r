
                2                1
                3                1
                4                1
                1                2
-- @@stderr --
godtrace: 3 aggregation drops on CPU 0
