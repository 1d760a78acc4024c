no __STDC__

