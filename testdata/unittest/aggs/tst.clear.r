cleared a 0
cleared b 0
avg 0
after a 0
after b 1
after c 1
avg 3


           value  ------------- Distribution ------------- count    
              -1 |                                         0        
               0 |                                         0        
               1 |                                         0        

