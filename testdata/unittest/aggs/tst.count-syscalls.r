getppid 1000

             1000
