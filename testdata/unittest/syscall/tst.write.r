write 7 bytes
returned 7

