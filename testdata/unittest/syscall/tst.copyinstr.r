/nonexistent/godtrace /non 21

