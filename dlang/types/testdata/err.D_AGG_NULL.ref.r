dtrace: failed to compile script err.D_AGG_NULL.ref.d: [D_AGG_NULL] line 4: expression has null effect: @a
