CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN   hello                            
  0      1                           :BEGIN 
  0      2                             :END        42

-- @@stderr --
godtrace: script 'tst.nonquiet.d' matched 3 probes
