arithmetic
-1 converted to unsigned is large
character constants
an undefined name is 0
?: evaluates one arm

