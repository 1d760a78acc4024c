first 1
i 2

