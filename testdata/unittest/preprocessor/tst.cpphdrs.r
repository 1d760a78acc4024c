
-- @@stderr --
. include/preproc.h
.. include/nested.h
