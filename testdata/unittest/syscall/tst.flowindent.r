CPU FUNCTION                                 
  0  => write                                 
  0  <= write                                 

